// Requests rendered together: compatible ones share one UNet call per step, and every request's
// PNG is byte for byte its solo render; a request cancelled or refused stops alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltinModel } from '../../../engine/models/builtin/build';
import { type GenerateResult, Generator } from '../../../engine/pipelines/generate';
import type { GenerationRequest } from '../../../engine/pipelines/types';
import { EngineWorker } from '../../../engine/runtime/worker-client';
import { tempDir } from './helpers/engine-fixtures';

let root: Awaited<ReturnType<typeof tempDir>>;
let modelDir: string;
const worker = new EngineWorker();
const solo = new Generator();
beforeAll(async () => {
  root = await tempDir('batch-');
  modelDir = await ensureBuiltinModel(root.dir);
});
afterAll(async () => {
  await worker.close();
  await solo.close();
  await root.cleanup();
});

const loop = { width: 64, height: 64, steps: 6, scheduler: 'euler-ancestral', guidance: 3 };
const job = (request: GenerationRequest) => ({ modelId: 'builtin', modelDir, request });
const requests: GenerationRequest[] = [
  { ...loop, prompt: 'a red circle on a blue background', seed: 11, count: 2 },
  { ...loop, prompt: 'a green square', negativePrompt: 'blue', seed: 5 },
  { ...loop, prompt: 'a yellow triangle on black', seed: 900, count: 3 },
];
const shas = (r: GenerateResult) => r.images.map((i) => i.sha256);

describe('rendering requests together', () => {
  it('runs compatible requests as one UNet batch whose PNGs equal the solo renders', async () => {
    const alone = [];
    for (const r of requests) alone.push(await solo.generate(job(r)));
    const progress: number[][] = requests.map(() => []);
    const previews: number[] = requests.map(() => 0);
    const together = await Promise.all(
      worker.generateBatch(
        requests.map((r, i) => ({
          job: job(r),
          hooks: {
            previewEvery: 3,
            onProgress: (p) => {
              progress[i].push(p.step);
              if (p.previews) previews[i] = p.previews.length;
            },
          },
        })),
      ),
    );
    for (const [i, r] of together.entries()) {
      expect(shas(r)).toEqual(shas(alone[i]));
      expect(r.timings.batch).toEqual({ requests: 3, images: 6 });
      expect(r.timings.unetMs).toHaveLength(loop.steps); // one call per step for all six images
      expect(progress[i]).toEqual([1, 2, 3, 4, 5, 6]);
      expect(previews[i]).toBe(requests[i].count ?? 1);
    }
    expect(alone[0].timings.batch).toBeUndefined();
  });

  it('renders a request with other loop settings apart, and refuses a bad one alone', async () => {
    const other = { ...requests[1], steps: 4 };
    const bad = { ...requests[1], width: 63 };
    const [a, b, c] = worker.generateBatch([
      { job: job(requests[0]) },
      { job: job(other) },
      { job: job(bad) },
    ]);
    const [ra, rb] = await Promise.all([a, b]);
    await expect(c).rejects.toMatchObject({ code: 'invalid_request' });
    expect(ra.timings.batch).toBeUndefined();
    expect(rb.timings.unetMs).toHaveLength(4);
    expect(shas(rb)).toEqual(shas(await solo.generate(job(other))));
  });

  it('stops a cancelled request at once while the others render on', async () => {
    const controller = new AbortController();
    const long = requests.map((r) => ({ ...r, steps: 40 }));
    const runs = worker.generateBatch(
      long.map((r, i) => ({
        job: job(r),
        hooks:
          i === 1
            ? {
                signal: controller.signal,
                onProgress: (p) => p.step === 2 && controller.abort(),
              }
            : {},
      })),
    );
    await expect(runs[1]).rejects.toMatchObject({ code: 'cancelled' });
    const [first, third] = await Promise.all([runs[0], runs[2]]);
    expect(first.timings.unetMs).toHaveLength(40);
    expect(shas(third)).toEqual(shas(await solo.generate(job(long[2]))));
  });
});
