import { z } from 'zod';
import { artifactUrl } from '../artifacts/service';
import type { ScoresLike } from '../profiles/score-line';
import { toReview } from '../reviews/review';
import type { ImageRow } from './rows';
import type { GalleryCell, ImageFacts } from './types';

const Cell = z.object({ scheduler: z.string(), steps: z.number(), guidance: z.number() });
/** The parts of a job's stored result (`ImageJobResult`) an image's view reads. */
const JobResult = z.object({
  images: z.array(
    z.object({ artifactId: z.string(), scores: z.unknown().optional(), cell: Cell.optional() }),
  ),
});
const Params = z.object({
  prompt: z.string().default(''),
  negativePrompt: z.string().default(''),
  seed: z.number().optional(),
  steps: z.number().optional(),
  guidance: z.number().optional(),
  scheduler: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
});
const Routing = z.object({
  model: z.object({ label: z.string() }).optional(),
  reasons: z.array(z.string()).default([]),
  stages: z.object({ text: z.object({ palette: z.array(z.string()) }).optional() }).optional(),
  grid: z.unknown().optional(),
});

/** The text the person typed: the first text part of the user message. */
export function requestText(parts: unknown[] | null): string | null {
  const text = parts?.find(
    (p): p is { type: 'text'; text: string } =>
      !!p && typeof p === 'object' && (p as { type?: unknown }).type === 'text',
  )?.text;
  return text?.trim() || null;
}

/**
 * Its scores and grid cell. The job's result names them by artifact id; without a job (an imported
 * conversation) image i of a batch has seed + i, which places it in the generation's scores, and a
 * grid's cells, which share one seed, cannot be placed.
 */
function placed(row: ImageRow, baseSeed: number | undefined, grid: boolean) {
  const job = JobResult.safeParse(row.jobResult);
  if (job.success) {
    const mine = job.data.images.find((i) => i.artifactId === row.artifact.id);
    if (mine) return { scores: mine.scores ?? null, cell: mine.cell ?? null };
  }
  const seed = row.artifact.seed;
  if (grid || seed === null || baseSeed === undefined) return { scores: null, cell: null };
  return { scores: row.generation.scores?.[seed - baseSeed] ?? null, cell: null };
}

export function galleryImage(row: ImageRow): ImageFacts {
  const a = row.artifact;
  const g = row.generation;
  const params = Params.safeParse(g.params).data ?? Params.parse({});
  const routing = Routing.safeParse(g.routing ?? {}).data ?? Routing.parse({});
  const { scores, cell } = placed(row, params.seed, routing.grid !== undefined);
  return {
    id: a.id,
    url: artifactUrl(a.id),
    width: a.width ?? 0,
    height: a.height ?? 0,
    bytes: a.bytes,
    sha256: a.sha256,
    seed: a.seed,
    createdAt: a.createdAt.toISOString(),
    generationId: g.id,
    conversation: g.conversationId
      ? { id: g.conversationId, title: row.conversationTitle ?? '' }
      : null,
    profile: g.profile,
    model: { id: g.modelId, label: routing.model?.label ?? g.modelId },
    request: requestText(row.askedParts),
    prompt: params.prompt,
    negative: params.negativePrompt,
    params: {
      steps: params.steps,
      guidance: params.guidance,
      scheduler: params.scheduler,
      width: params.width,
      height: params.height,
    },
    palette: routing.stages?.text?.palette ?? [],
    reasons: routing.reasons,
    scores: (scores as ScoresLike | null) ?? null,
    cell: (cell as GalleryCell | null) ?? null,
    ep: g.ep,
    review: row.review ? toReview(row.review) : null,
  };
}
