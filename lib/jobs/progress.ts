import type { JobProgressRow } from '../../db/schema';
import { previewDataUrl } from './preview';
import type { RenderProgress } from './render';
import { recordStages, type StageTiming, stageOutlook } from './stage-times';

export type ProgressTracker = {
  onProgress: (p: RenderProgress) => void;
  /** The job completed: its stage times teach the next job of its kind. */
  completed: () => void;
};

/**
 * Turns the engine's step reports into what a job shows: the step, the time left, and the latest
 * previews as data URLs (encoded as they arrive; a report carries the newest that is ready). The
 * time left is the current stage's at the pace of its steps so far; given the job's `kind`
 * (stage-times.ts) and once a job of that kind has completed here, the stages still to come are
 * added, so it is the whole render's (`etaScope: 'job'`). A diagnostics grid's cells say their own.
 */
export function trackProgress(
  report: (p: JobProgressRow) => void,
  kind: string | null = null,
): ProgressTracker {
  let stage = '';
  let name = '';
  let since = { at: 0, step: 0 };
  let grid = false;
  const ran: StageTiming[] = [];
  let latest: JobProgressRow | null = null;
  let previews: string[] | undefined;
  let encoding = 0;
  let shown = 0;
  const onProgress = (p: RenderProgress) => {
    const now = Date.now();
    grid ||= p.cell !== undefined;
    const key = `${p.stage ?? 'base'}:${p.cell?.index ?? 0}`;
    if (key !== stage) {
      if (stage) ran.push({ stage: name, ms: now - since.at });
      stage = key;
      name = p.stage ?? 'base';
      since = { at: now, step: p.step };
    }
    const learned = kind && !grid ? stageOutlook(kind, name) : null;
    const done = p.step - since.step;
    const here =
      done > 0
        ? ((now - since.at) / done) * Math.max(0, p.steps - p.step)
        : learned
          ? Math.max(0, learned.ms - (now - since.at))
          : undefined;
    const eta =
      here === undefined
        ? {}
        : {
            etaMs: Math.round(here + (learned?.afterMs ?? 0)),
            etaScope: learned ? ('job' as const) : ('stage' as const),
          };
    latest = {
      step: p.step,
      steps: p.steps,
      ...(p.stage ? { stage: p.stage } : {}),
      ...(p.cell ? { cell: p.cell } : {}),
      ...eta,
      ...(previews ? { previews } : {}),
      at: now,
    };
    report(latest);
    if (!p.previews?.length) return;
    const seq = ++encoding;
    Promise.all(p.previews.map(previewDataUrl))
      .then((urls) => {
        if (seq < shown || !latest) return;
        shown = seq;
        previews = urls;
        latest = { ...latest, previews, at: Date.now() };
        report(latest);
      })
      .catch(() => undefined);
  };
  const completed = () => {
    if (!kind || grid || !stage) return;
    recordStages(kind, [...ran, { stage: name, ms: Date.now() - since.at }]);
  };
  return { onProgress, completed };
}
