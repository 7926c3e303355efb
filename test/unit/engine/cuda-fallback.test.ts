// A CUDA provider that cannot load: the worker runs the generation on CPU and its result and PNG
// say so, with onnxruntime's first line as the reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltinModel } from '../../../engine/models/builtin/build';
import { readMetadataJson, readTextChunks } from '../../../engine/png';
import { EngineWorker } from '../../../engine/runtime/worker-client';
import { CUDA_LOAD_ERROR } from '../../helpers/cuda-failing-worker';
import { tempDir } from './helpers/engine-fixtures';

let root: Awaited<ReturnType<typeof tempDir>>;
let modelDir: string;
const worker = new EngineWorker({
  entry: new URL('../../helpers/cuda-failing-worker.ts', import.meta.url),
});
beforeAll(async () => {
  root = await tempDir('cuda-fallback-');
  modelDir = await ensureBuiltinModel(root.dir);
});
afterAll(async () => {
  await worker.close();
  await root.cleanup();
});

const job = (ep?: 'cpu' | 'cuda') => ({
  modelId: 'builtin',
  modelDir,
  runtime: ep ? { ep } : {},
  request: { prompt: 'a red circle', seed: 3, steps: 2, width: 64, height: 64 },
});

describe('the CUDA to CPU fallback through the inference worker', () => {
  it('renders on CPU and brings the reason back from the worker thread', async () => {
    const result = await worker.generate(job('cuda'));
    expect(result.ep).toBe('cpu');
    expect(result.fallbackReason).toBe(`cuda could not be used: ${CUDA_LOAD_ERROR}`);
    expect(result.images).toHaveLength(1);
    const meta = readMetadataJson(readTextChunks(result.images[0].png).get('atelier')!);
    expect(meta).toMatchObject({ ep: 'cpu' });
  });

  it('gives no reason when CPU was asked for, and the same pixels either way', async () => {
    const cpu = await worker.generate(job('cpu'));
    expect(cpu.ep).toBe('cpu');
    expect(cpu.fallbackReason).toBeUndefined();
    const fellBack = await worker.generate(job('cuda'));
    expect(fellBack.images[0].sha256).toBe(cpu.images[0].sha256);
  });
});
