// An engine pool: each call goes to the worker with the fewest in hand, so a short render does not
// wait behind a long one (with one worker it would).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltinModel } from '../../../engine/models/builtin/build';
import { EnginePool } from '../../../engine/runtime/worker-pool';
import { tempDir } from './helpers/engine-fixtures';

let root: Awaited<ReturnType<typeof tempDir>>;
let modelDir: string;
const pool = new EnginePool(2);
beforeAll(async () => {
  root = await tempDir('pool-');
  modelDir = await ensureBuiltinModel(root.dir);
});
afterAll(async () => {
  await pool.close();
  await root.cleanup();
});

const job = (prompt: string, request: { steps: number; width: number; height: number }) => ({
  modelId: 'builtin',
  modelDir,
  request: { prompt, seed: 3, ...request },
});

describe('EnginePool', () => {
  it('renders a short request on the second worker while the first is busy', async () => {
    const stop = new AbortController();
    let longDone = false;
    const long = pool
      .generate(job('a red circle', { steps: 150, width: 512, height: 512 }), {
        signal: stop.signal,
      })
      .then(
        () => (longDone = true),
        () => undefined,
      );
    const short = await pool.generate(job('a blue square', { steps: 4, width: 64, height: 64 }));
    expect(short.images).toHaveLength(1);
    expect(longDone).toBe(false);
    stop.abort();
    await long;
    expect(() => new EnginePool(0)).toThrow('1 or more workers');
  }, 120_000);
});
