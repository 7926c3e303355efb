import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { artifacts, generations } from '../../db/schema';
import { EngineError, firstLine } from '../../engine/errors';
import type { Profile } from '../../engine/models/family';
import type { GenerationRequest } from '../../engine/pipelines/types';
import { appendAudit } from '../audit/chain';
import { errorDigest } from '../audit/digest';
import { fromEngineError } from '../engine-errors';
import { AppError } from '../errors';
import { routeGeneration } from '../profiles/route';
import { conversationPalette } from '../references/palette';
import { removeIfUnreferenced } from '../references/store';
import { lockBlob } from '../storage/blob-lock';
import { ensureBlob, putBlob, type StoredBlob } from '../storage/blobs';
import { engine } from './engine';
import { generationRecord } from './generation-record';
import { NO_PROVENANCE, type PromptProvenance } from './provenance';
import { type RenderedImage, type RenderProgress, renderRouted } from './render';
import { type RoutingRecord, routingRecord } from './routing-record';

/** The engine's request fields, with the chat's name for the negative prompt. */
export type ImageParams = Pick<
  GenerationRequest,
  'prompt' | 'width' | 'height' | 'steps' | 'guidance' | 'seed' | 'count' | 'scheduler'
> & { negative?: string };

export type ImageJob = {
  workspaceId: string;
  conversationId: string | null;
  messageId: string | null;
  actor: string;
  modelId?: string;
  profile: Profile;
  params: ImageParams;
  /** The reference passages and search citations the prompt was written from (none given: none). */
  provenance?: PromptProvenance;
};

export type JobImage = {
  artifactId: string;
  sha256: string;
  seed: number;
  width: number;
  height: number;
  scores?: RenderedImage['scores'];
  stages?: RenderedImage['stages'];
  cell?: RenderedImage['cell'];
};

export type ImageJobResult = {
  generationId: string;
  model: { id: string; label: string };
  ep: string;
  fallbackReason?: string;
  images: JobImage[];
  params: Record<string, unknown>;
  routing: RoutingRecord;
  timings: Record<string, unknown>;
};

const MAX_CONCURRENT_PER_ACTOR = 2;
const running = new Map<string, number>();

/**
 * Routes the request by its profile, renders on the inference worker and records the generation
 * (with the routing decision and each image's scores), its PNGs (content-addressed under uploads/)
 * and audit events. A failed or cancelled job leaves its generation row marked so.
 */
export async function runImageJob(
  db: Db,
  job: ImageJob,
  hooks: { onProgress?: (p: RenderProgress) => void; signal?: AbortSignal } = {},
): Promise<ImageJobResult> {
  const count = running.get(job.actor) ?? 0;
  if (count >= MAX_CONCURRENT_PER_ACTOR)
    throw new AppError(
      'rate_limited',
      `at most ${MAX_CONCURRENT_PER_ACTOR} images may render at once per person; wait for one to finish`,
    );
  running.set(job.actor, count + 1);
  try {
    const { worker, registry } = engine();
    const { params } = job;
    const palette = job.conversationId ? await conversationPalette(db, job.conversationId) : [];
    const routing = await routeGeneration(registry, {
      profile: job.profile,
      prompt: params.prompt,
      palette,
      explicit: {
        modelId: job.modelId,
        steps: params.steps,
        guidance: params.guidance,
        scheduler: params.scheduler,
        width: params.width,
        height: params.height,
      },
    }).catch((e) => {
      throw fromEngineError(e);
    });
    const record = routingRecord(routing);
    const [gen] = await db.transaction(async (tx) => {
      const rows = await tx
        .insert(generations)
        .values({
          workspaceId: job.workspaceId,
          conversationId: job.conversationId,
          messageId: job.messageId,
          actor: job.actor,
          modelId: routing.model.id,
          profile: job.profile,
          params,
          routing: record,
          provenance: job.provenance ?? NO_PROVENANCE,
          status: 'running',
        })
        .returning({ id: generations.id });
      await appendAudit(tx, {
        actor: job.actor,
        action: 'generation.started',
        subject: `generation:${rows[0].id}`,
        workspaceId: job.workspaceId,
        conversationId: job.conversationId,
        payload: { model: routing.model.id, files: routing.model.files, profile: job.profile },
      });
      return rows;
    });
    let stored: StoredBlob[] = [];
    try {
      const result = await renderRouted(
        worker,
        registry,
        routing,
        {
          prompt: params.prompt,
          negativePrompt: params.negative,
          seed: params.seed,
          count: params.count,
        },
        hooks,
      );
      stored = await Promise.all(result.images.map((img) => putBlob(img.png, '.png')));
      const scores = result.images.map((img) => img.scores ?? null);
      const images = await db.transaction(async (tx) => {
        // Under each blob's lock, its file is there for the row (a removal of equal bytes may have run since it was written).
        for (const [i, img] of result.images.entries()) {
          await lockBlob(tx, stored[i].sha256);
          await ensureBlob(stored[i], img.png);
        }
        const rows = await tx
          .insert(artifacts)
          .values(
            result.images.map((img, i) => ({
              workspaceId: job.workspaceId,
              generationId: gen.id,
              kind: 'image' as const,
              sha256: stored[i].sha256,
              mime: 'image/png',
              bytes: stored[i].bytes,
              width: img.width,
              height: img.height,
              seed: img.seed,
            })),
          )
          .returning({ id: artifacts.id });
        await tx
          .update(generations)
          .set({
            status: 'complete',
            ep: result.ep,
            timings: { ...result.timings },
            params: { ...result.request },
            routing: {
              ...record,
              ...(result.fallbackReason ? { fallbackReason: result.fallbackReason } : {}),
            },
            scores,
            record: generationRecord(result),
            finishedAt: new Date(),
          })
          .where(eq(generations.id, gen.id));
        await appendAudit(tx, {
          actor: job.actor,
          action: 'generation.completed',
          subject: `generation:${gen.id}`,
          workspaceId: job.workspaceId,
          conversationId: job.conversationId,
          payload: { ep: result.ep, images: stored.map((s) => s.sha256) },
        });
        return rows.map((r, i): JobImage => {
          const img = result.images[i];
          return {
            artifactId: r.id,
            sha256: stored[i].sha256,
            seed: img.seed,
            width: img.width,
            height: img.height,
            ...(img.scores ? { scores: img.scores } : {}),
            ...(img.stages ? { stages: img.stages } : {}),
            ...(img.cell ? { cell: img.cell } : {}),
          };
        });
      });
      return {
        generationId: gen.id,
        model: { id: routing.model.id, label: routing.model.label },
        ep: result.ep,
        ...(result.fallbackReason ? { fallbackReason: result.fallbackReason } : {}),
        images,
        params: { ...result.request },
        routing: record,
        timings: { ...result.timings },
      };
    } catch (err) {
      // Images written for rows that were never committed (the generation gone with its conversation).
      for (const s of stored)
        await removeIfUnreferenced(db, s.sha256, s.relPath).catch(() => undefined);
      const status = err instanceof EngineError && err.code === 'cancelled' ? 'cancelled' : 'error';
      const error = firstLine(err);
      await db.transaction(async (tx) => {
        await tx
          .update(generations)
          .set({ status, error, finishedAt: new Date() })
          .where(eq(generations.id, gen.id));
        await appendAudit(tx, {
          actor: job.actor,
          action: `generation.${status === 'error' ? 'failed' : status}`,
          subject: `generation:${gen.id}`,
          workspaceId: job.workspaceId,
          conversationId: job.conversationId,
          payload: errorDigest(error),
        });
      });
      throw fromEngineError(err);
    }
  } finally {
    running.set(job.actor, (running.get(job.actor) ?? 1) - 1);
  }
}
