import type { JobProgressRow } from '../../db/schema';
import { previewDataUrl } from './preview';
import type { RenderProgress } from './render';

/**
 * Turns the engine's step reports into what a job shows: the step, the time left in the current
 * stage at the pace of its steps so far, and the latest previews as data URLs (encoded as they
 * arrive; a report carries the newest that is ready).
 */
export function trackProgress(report: (p: JobProgressRow) => void): (p: RenderProgress) => void {
  let stage = '';
  let since = { at: 0, step: 0 };
  let latest: JobProgressRow | null = null;
  let previews: string[] | undefined;
  let encoding = 0;
  let shown = 0;
  return (p) => {
    const now = Date.now();
    const key = `${p.stage ?? 'base'}:${p.cell?.index ?? 0}`;
    if (key !== stage) {
      stage = key;
      since = { at: now, step: p.step };
    }
    const done = p.step - since.step;
    const etaMs =
      done > 0 ? Math.round(((now - since.at) / done) * Math.max(0, p.steps - p.step)) : undefined;
    latest = {
      step: p.step,
      steps: p.steps,
      ...(p.stage ? { stage: p.stage } : {}),
      ...(p.cell ? { cell: p.cell } : {}),
      ...(etaMs !== undefined ? { etaMs } : {}),
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
}
