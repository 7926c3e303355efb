import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobProgressRow } from '@/db/schema';
import type { ImageJob } from '@/lib/jobs/image-job';
import { trackProgress } from '@/lib/jobs/progress';
import type { RenderProgress } from '@/lib/jobs/render';
import { timingKind } from '@/lib/jobs/stage-times';

const job = (over: Partial<ImageJob['params']> = {}, profile: ImageJob['profile'] = 'hd') =>
  timingKind({
    workspaceId: 'w',
    conversationId: null,
    messageId: null,
    actor: 'user:a',
    profile,
    params: { prompt: 'a banner', width: 512, height: 512, steps: 10, ...over },
  });

/** One HD render: 10 base steps of 1 s, 5 hires steps of 4 s, 6 s of text, 2 s of scoring. */
function render(kind: string | null, seen: JobProgressRow[], until = Infinity) {
  const t = trackProgress((p) => seen.push(p), kind);
  const plan: Array<[RenderProgress['stage'], number, number]> = [
    ['base', 10, 1000],
    ['hires', 5, 4000],
    ['text', 1, 6000],
    ['score', 1, 2000],
  ];
  let reports = 0;
  for (const [stage, steps, ms] of plan) {
    t.onProgress({ stage, step: 0, steps });
    for (let step = 1; step <= steps; step++) {
      if (++reports > until) return t;
      vi.advanceTimersByTime(ms);
      t.onProgress({ stage, step, steps });
    }
  }
  return t;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});
afterEach(() => vi.useRealTimers());

describe('the time left in a render', () => {
  it('covers only the stage until a render of the same kind has completed here', () => {
    const seen: JobProgressRow[] = [];
    render(job({ seed: 1 }), seen, 4);
    // 4 of 10 base steps done at 1 s each.
    expect(seen.at(-1)).toMatchObject({ step: 4, steps: 10, etaMs: 6000, etaScope: 'stage' });
  });

  it('then covers the whole render: the stage at its pace, the later stages as they took', () => {
    const kind = job({ width: 640 });
    render(kind, []).completed();
    const seen: JobProgressRow[] = [];
    render(kind, seen, 4);
    // 6 s of base left, then hires 20 s, text 6 s, score 2 s (and the steps' zero reports).
    expect(seen.at(-1)).toMatchObject({
      step: 4,
      etaMs: 6000 + 20000 + 6000 + 2000,
      etaScope: 'job',
    });
    // In the text stage, which has no steps to pace: what it took before, less what has passed.
    const inText = seen.length;
    render(kind, seen, 15);
    expect(seen.slice(inText).at(-1)).toMatchObject({ stage: 'text', step: 0, etaMs: 8000 });
  });

  it('learns nothing from a render that did not complete, nor across kinds', () => {
    const kind = job({ width: 768 });
    render(kind, []); // not completed: a failure or a cancel
    const seen: JobProgressRow[] = [];
    render(kind, seen, 2);
    expect(seen.at(-1)?.etaScope).toBe('stage');
    render(job({ width: 768, steps: 20 }), [], Infinity).completed();
    render(kind, seen, 2);
    expect(seen.at(-1)?.etaScope).toBe('stage');
  });

  it('averages the newest run with the earlier ones', () => {
    const kind = job({ width: 896 });
    render(kind, []).completed();
    // A second run whose base steps took 3 s each.
    const t = trackProgress(() => {}, kind);
    t.onProgress({ stage: 'base', step: 0, steps: 10 });
    vi.advanceTimersByTime(30_000);
    t.onProgress({ stage: 'base', step: 10, steps: 10 });
    t.completed();
    const seen: JobProgressRow[] = [];
    const next = trackProgress((p) => seen.push(p), kind);
    next.onProgress({ stage: 'base', step: 0, steps: 10 });
    // Base: (10 + 30) / 2 = 20 s; the newest run's stages are the plan, and it ran base only.
    expect(seen.at(-1)).toMatchObject({ etaMs: 20000, etaScope: 'job' });
  });
});
