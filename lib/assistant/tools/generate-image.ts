import { tool } from 'ai';
import { z } from 'zod';
import type { Profile } from '../../../engine/models/family';
import { artifactUrl } from '../../artifacts/service';
import { type JobImage, queueImageJob, waitForImageJob } from '../../jobs/image-job';
import type { RenderProgress } from '../../jobs/render';
import type { RoutingRecord } from '../../jobs/routing-record';
import type { JobUpdate } from '../../jobs/wait';
import { checkGeneration } from '../../quotas/generation';
import { withPersonSettings } from '../image-settings';
import { liveTurns } from '../live-turns';
import { latestProgress } from './progress';
import { PromptClaim } from './prompt-attribution';
import { promptProvenance } from './prompt-provenance';
import { type PromptWhy, promptWhy } from './prompt-why';
import type { ToolContext } from './registry';

const Input = z.object({
  prompt: z.string().min(1).max(2000).describe('the full image prompt'),
  negative: z.string().max(1000).optional().describe('what must not appear'),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  steps: z.number().int().optional(),
  guidance: z.number().optional(),
  seed: z.number().int().min(0).optional(),
  count: z.number().int().min(1).max(4).optional(),
  grounding: z
    .array(PromptClaim)
    .max(40)
    .optional()
    .describe(
      'which phrase of the prompt came from which cited fact: part (subject, style, palette, typography, text), the phrase as written in the prompt, and its citation ([n] of search_web or a reference label such as [brief.pdf p.2])',
    ),
});

export type GenerateImageOutput =
  | {
      status: 'queued';
      position: number;
      /** About how long until a worker takes it (absent: not known yet on this server). */
      waitMs?: number;
    }
  | {
      status: 'running';
      step: number;
      steps: number;
      stage?: RenderProgress['stage'];
      cell?: RenderProgress['cell'];
      /** Time left, at this stage's pace so far (plus the later stages' times, `etaScope: 'job'`). */
      etaMs?: number;
      etaScope?: 'job' | 'stage';
      /** The latest latent preview of each image (small data URLs). */
      previews?: string[];
    }
  | {
      status: 'complete';
      generationId: string;
      model: { id: string; label: string };
      profile: Profile;
      ep: string;
      fallbackReason?: string;
      images: Array<JobImage & { url: string }>;
      params: Record<string, unknown>;
      routing: RoutingRecord;
      timings: Record<string, unknown>;
      /** The prompt's phrases that cited facts gave it (absent in results stored before it). */
      why?: PromptWhy[];
    };

const progressOutput = (u: JobUpdate): GenerateImageOutput => {
  if (u.status === 'queued') return u;
  const p = u.progress;
  return {
    status: 'running',
    step: p?.step ?? 0,
    steps: p?.steps ?? 0,
    ...(p?.stage ? { stage: p.stage as RenderProgress['stage'] } : {}),
    ...(p?.cell ? { cell: p.cell } : {}),
    ...(p?.etaMs !== undefined ? { etaMs: p.etaMs, etaScope: p.etaScope ?? 'stage' } : {}),
    ...(p?.previews ? { previews: p.previews } : {}),
  };
};

/**
 * Queues a render with the message's profile and waits for it; what the person set in the
 * composer (ctx.image) overrides the profile and the call's own settings. Yields the queue position, then
 * step progress with the time left and latent previews, as preliminary results (shown live in the
 * UI), then the stored images. Stopping the turn cancels the job. The generation names the
 * reference facts and search citations the model had read when it wrote the prompt, and the phrases
 * of the prompt each gave it (`why`, shown under the image).
 */
export function generateImageTool(ctx: ToolContext) {
  return tool({
    description:
      'Render an image from a composed prompt on the local image pipeline (draft or HD per message).',
    inputSchema: Input,
    async *execute(input, { abortSignal, messages }): AsyncGenerator<GenerateImageOutput> {
      const { grounding, ...asked } = input;
      const { params, modelId } = withPersonSettings(asked, ctx.image);
      await checkGeneration(ctx, { ...params, modelId });
      await ctx.recorded;
      const provenance = await promptProvenance(
        ctx.db,
        ctx.sources.seenIn(messages),
        params.prompt,
        grounding,
      );
      const job = await queueImageJob(ctx.db, {
        workspaceId: ctx.workspaceId,
        conversationId: ctx.conversationId,
        messageId: ctx.assistantMessageId,
        actor: ctx.principal.actor,
        ...(modelId ? { modelId } : {}),
        profile: ctx.profile,
        params,
        provenance,
      });
      yield { status: 'queued', position: job.position };
      const result = yield* latestProgress((report: (p: GenerateImageOutput) => void) =>
        waitForImageJob(ctx.db, job.id, {
          signal: abortSignal,
          // Whoever stopped the turn (or deleted its conversation) cancelled the job.
          cancelledBy: () =>
            liveTurns().get(ctx.conversationId)?.stoppedBy?.actor ?? ctx.principal.actor,
          onUpdate: (u) => report(progressOutput(u)),
        }),
      );
      yield {
        status: 'complete',
        generationId: result.generationId,
        model: result.model,
        profile: ctx.profile,
        ep: result.ep,
        ...(result.fallbackReason ? { fallbackReason: result.fallbackReason } : {}),
        images: result.images.map((img) => ({ ...img, url: artifactUrl(img.artifactId) })),
        params: result.params,
        routing: result.routing,
        timings: result.timings,
        why: promptWhy(provenance),
      };
    },
  });
}
