// Which queued image jobs may render as one UNet batch: drafts whose request names the same model
// and loop settings. The engine checks again once each is routed (engine/pipelines/batch.ts) and
// renders apart any that turn out to differ, so the key only has to be cautious, not exact.
import type { ImageJob } from './image-job';

/** Profiles whose jobs are gathered into batches: drafts, where waiting matters most. */
const BATCHED_PROFILES = new Set<ImageJob['profile']>(['draft']);

export function batchKeyOf(job: ImageJob): string | null {
  if (!BATCHED_PROFILES.has(job.profile)) return null;
  const p = job.params;
  const setting = (v: string | number | undefined) => v ?? null;
  return JSON.stringify([
    job.profile,
    setting(job.modelId),
    setting(p.width),
    setting(p.height),
    setting(p.steps),
    setting(p.guidance),
    setting(p.scheduler),
  ]);
}

/** How many images a queued job's request renders (its `count`, 1 when absent). */
export const imagesOf = (payload: Record<string, unknown>): number => {
  const count = (payload.params as { count?: unknown } | undefined)?.count;
  return typeof count === 'number' && count > 0 ? count : 1;
};
