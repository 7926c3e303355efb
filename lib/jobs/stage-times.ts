// How long each stage of a kind of image job took on this worker, so a job can say the time left in
// the whole render (an HD job's hires pass, upscaler, text and scoring after its base steps), not
// only in the stage it is in. Learned from the jobs this process completes; in memory, per worker.
import type { ImageJob } from './image-job';

export type StageTiming = { stage: string; ms: number };

/** Kinds remembered; the least recently completed is forgotten first. */
const MAX_KINDS = 200;
/** Weight of the newest run in a stage's time (the rest is the earlier runs'). */
const NEWEST = 0.5;

const KEY = Symbol.for('atelier.stageTimes');
type Holder = { [KEY]?: Map<string, StageTiming[]> };
const times = (): Map<string, StageTiming[]> => ((globalThis as Holder)[KEY] ??= new Map());

/**
 * Jobs of one kind take about as long, stage by stage: the same profile, model, size, steps, image
 * count and scheduler. (The prompt and seed change little; text lines change the text stage a
 * little, which the running average absorbs.)
 */
export function timingKind(job: ImageJob): string {
  const p = job.params;
  return JSON.stringify([
    job.profile,
    job.modelId ?? null,
    p.width ?? null,
    p.height ?? null,
    p.steps ?? null,
    p.count ?? 1,
    p.scheduler ?? null,
  ]);
}

/** Records a completed job's stages, in the order they ran. */
export function recordStages(kind: string, ran: StageTiming[]): void {
  if (!ran.length) return;
  const all = times();
  const before = new Map((all.get(kind) ?? []).map((t) => [t.stage, t.ms]));
  // A stage that ran twice (a retried text pass) counts once, at its first place, for both runs.
  const merged = new Map<string, number>();
  for (const { stage, ms } of ran) merged.set(stage, (merged.get(stage) ?? 0) + ms);
  all.delete(kind);
  all.set(
    kind,
    [...merged].map(([stage, ms]) => {
      const old = before.get(stage);
      return { stage, ms: old === undefined ? ms : NEWEST * ms + (1 - NEWEST) * old };
    }),
  );
  if (all.size > MAX_KINDS) all.delete(all.keys().next().value as string);
}

/**
 * What was learned of a kind at a stage: how long that stage takes, and how long the stages after
 * it take together. Null when no job of the kind has completed here, or none ran that stage.
 */
export function stageOutlook(kind: string, stage: string): { ms: number; afterMs: number } | null {
  const ran = times().get(kind);
  const i = ran?.findIndex((t) => t.stage === stage) ?? -1;
  if (!ran || i < 0) return null;
  return { ms: ran[i].ms, afterMs: ran.slice(i + 1).reduce((a, t) => a + t.ms, 0) };
}

/** How long a whole job of a kind takes, as learned here; null before one has completed. */
export function expectedMs(kind: string): number | null {
  const ran = times().get(kind);
  return ran ? ran.reduce((a, t) => a + t.ms, 0) : null;
}
