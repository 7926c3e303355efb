// An engine pool: each call goes to the worker with the fewest in hand, so two renders run at once.
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

describe('EnginePool', () => {
  it('renders two requests at once on two workers, each with its own result', async () => {
    const events: string[] = [];
    const request = (prompt: string, seed: number) => ({
      modelId: 'builtin',
      modelDir,
      request: { prompt, seed, steps: 30, width: 256, height: 256 },
    });
    const [a, b] = await Promise.all(
      ['a', 'b'].map((name, i) =>
        pool
          .generate(request(`a red circle ${name}`, i), {
            onProgress: (p) => p.step === 1 && events.push(`${name} started`),
          })
          .then((r) => {
            events.push(`${name} done`);
            return r;
          }),
      ),
    );
    // Both had started before either finished: they did not wait for each other.
    expect(events.slice(0, 2).sort()).toEqual(['a started', 'b started']);
    expect([a.images[0].seed, b.images[0].seed]).toEqual([0, 1]);
    expect(() => new EnginePool(0)).toThrow('1 or more workers');
  });
});
