// Sessions: the execution provider per request with an explicit CPU retry, session reuse, and
// host-side dtype conversion read from session metadata.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnnxComponent } from '../../../engine/runtime/component';
import { ORT_VERSION } from '../../../engine/runtime/ort';
import {
  openSession,
  ortSessionFactory,
  SessionCache,
  type SessionFactory,
} from '../../../engine/runtime/sessions';
import { tempDir, variantFolder } from './helpers/engine-fixtures';

let root: Awaited<ReturnType<typeof tempDir>>;
let dir: string;
beforeAll(async () => {
  root = await tempDir('runtime-');
  dir = await variantFolder(root.dir, { timestep: 'int64' });
});
afterAll(() => root.cleanup());

/** A factory whose CUDA provider cannot load, recording every providers list it is given. */
function failingCuda(calls: string[][]): SessionFactory {
  return (file, options) => {
    const eps = (options.executionProviders ?? []) as string[];
    calls.push(eps);
    if (eps.includes('cuda'))
      return Promise.reject(new Error('CUDA provider: libcudart.so.12 not found\nmore detail'));
    return ortSessionFactory(file, options);
  };
}

describe('openSession', () => {
  it('uses CPU without asking for CUDA', async () => {
    const calls: string[][] = [];
    const opened = await openSession(
      `${dir}/vae_decoder/model.onnx`,
      'vae',
      {},
      failingCuda(calls),
    );
    expect(opened.ep).toBe('cpu');
    expect(opened.fallbackReason).toBeUndefined();
    expect(calls).toEqual([['cpu']]);
  });

  it('tries CUDA alone, then retries on CPU and records why', async () => {
    const calls: string[][] = [];
    const opened = await openSession(
      `${dir}/vae_decoder/model.onnx`,
      'vae',
      { ep: 'cuda', intraOpThreads: 1 },
      failingCuda(calls),
    );
    expect(calls).toEqual([['cuda'], ['cpu']]);
    expect(opened.ep).toBe('cpu');
    expect(opened.fallbackReason).toBe(
      'cuda could not be used: CUDA provider: libcudart.so.12 not found',
    );
  });

  it('with the real onnxruntime-node build, a CUDA request still ends on a working CPU session', async () => {
    const opened = await openSession(`${dir}/vae_decoder/model.onnx`, 'vae', { ep: 'cuda' });
    expect(['cpu', 'cuda']).toContain(opened.ep);
    if (opened.ep === 'cpu') expect(opened.fallbackReason).toMatch(/^cuda could not be used: /);
    expect(ORT_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('SessionCache', () => {
  it('reuses sessions per file and options, and drops a model when another is used', async () => {
    const calls: string[][] = [];
    const cache = new SessionCache(failingCuda(calls));
    const file = `${dir}/vae_decoder/model.onnx`;
    const a = await cache.get('model-a', file, 'vae', {});
    expect(await cache.get('model-a', file, 'vae', {})).toBe(a);
    expect(await cache.get('model-a', file, 'vae', { intraOpThreads: 2 })).not.toBe(a);
    await cache.get('model-b', file, 'vae', {});
    expect(await cache.get('model-a', file, 'vae', {})).not.toBe(a);
    await cache.clear();
  });
});

describe('OnnxComponent', () => {
  it('reads input types from the session and converts at the boundary', async () => {
    const cache = new SessionCache();
    const unet = new OnnxComponent(
      'unet',
      await cache.get(dir, `${dir}/unet/model.onnx`, 'unet', {}),
    );
    expect(unet.inputType('timestep')).toBe('int64');
    expect(unet.inputType('sample')).toBe('float32');
    const text = new OnnxComponent(
      'text',
      await cache.get(dir, `${dir}/text_encoder/model.onnx`, 'text', {}),
    );
    expect(text.inputType('input_ids')).toBe('int32');
    const out = await text.runFirst({ input_ids: { data: new Array(77).fill(0), dims: [1, 77] } });
    expect(out.data).toBeInstanceOf(Float32Array);
    expect(text.calls).toBe(1);
    await expect(text.run({ nope: { data: [1], dims: [1] } })).rejects.toMatchObject({
      code: 'model_corrupt',
    });
    await cache.clear();
  });
});
