import { describe, expect, it } from 'vitest';
import { latestProgress } from '@/lib/assistant/tools/progress';

async function drain<P, R>(gen: AsyncGenerator<P, R>): Promise<{ yielded: P[]; result: R }> {
  const yielded: P[] = [];
  for (;;) {
    const next = await gen.next();
    if (next.done) return { yielded, result: next.value };
    yielded.push(next.value);
  }
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('latestProgress', () => {
  it('yields reports as they come, collapses a burst into its latest, then returns the result', async () => {
    const { yielded, result } = await drain(
      latestProgress<number, string>(async (report) => {
        report(1);
        await tick();
        report(2);
        report(3);
        await tick();
        return 'done';
      }),
    );
    expect(yielded).toEqual([1, 3]);
    expect(result).toBe('done');
  });

  it('rethrows the failure of the work', async () => {
    const gen = latestProgress<number, string>(async (report) => {
      await tick();
      report(1);
      throw new Error('the run failed');
    });
    await expect(drain(gen)).rejects.toThrow('the run failed');
  });
});
