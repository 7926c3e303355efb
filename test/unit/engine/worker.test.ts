// The inference worker: whole generations off the calling thread, progress, cancellation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltinModel } from '../../../engine/models/builtin/build';
import { EngineWorker } from '../../../engine/runtime/worker-client';
import { tempDir } from './helpers/engine-fixtures';

let root: Awaited<ReturnType<typeof tempDir>>;
let modelDir: string;
const worker = new EngineWorker();
beforeAll(async () => {
  root = await tempDir('worker-');
  modelDir = await ensureBuiltinModel(root.dir);
});
afterAll(async () => {
  await worker.close();
  await root.cleanup();
});

describe('EngineWorker', () => {
  it('runs a generation in a worker thread while this thread stays responsive', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 2);
    const steps: number[] = [];
    const started = performance.now();
    const result = await worker.generate(
      {
        modelId: 'builtin',
        modelDir,
        request: { prompt: 'a red circle', seed: 7, steps: 30, width: 512, height: 512 },
      },
      { onProgress: (p) => steps.push(p.step), previewEvery: 10 },
    );
    clearInterval(timer);
    const elapsed = performance.now() - started;
    expect(steps).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(result.images).toHaveLength(1);
    expect(result.images[0]).toMatchObject({ seed: 7, width: 512, height: 512 });
    expect(result.ep).toBe('cpu');
    expect(ticks).toBeGreaterThan(elapsed / 2 / 4); // a blocked loop would tick a handful of times at most
  });

  it('runs jobs one after another and reports refusals as engine errors', async () => {
    const job = {
      modelId: 'builtin',
      modelDir,
      request: { prompt: 'x', seed: 1, steps: 2, width: 64, height: 64 },
    };
    const [a, b] = await Promise.all([worker.generate(job), worker.generate(job)]);
    expect(a.images[0].sha256).toBe(b.images[0].sha256);
    await expect(
      worker.generate({ ...job, request: { ...job.request, width: 513 } }),
    ).rejects.toMatchObject({
      name: 'EngineError',
      code: 'invalid_request',
      message: 'width must be a multiple of 8 from 64 to 2048 (got 513)',
    });
  });

  it('cancels between steps through shared memory', async () => {
    const controller = new AbortController();
    const job = {
      modelId: 'builtin',
      modelDir,
      request: { prompt: 'x', seed: 1, steps: 150, width: 512, height: 512 },
    };
    const run = worker.generate(job, {
      signal: controller.signal,
      onProgress: (p) => p.step === 2 && controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
  });
});
