// The upscaler runs in a worker thread, as the engine's inference worker would call it: converting,
// opening and tiling need nothing of the main thread.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { workerUrl } from '../../../engine/runtime/worker-url';
import { openEsrganSlim, upscaleImage } from '../../../engine/upscale';
import { tempDir } from './helpers/engine-fixtures';

let root: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  root = await tempDir('upscale-worker-');
});
afterAll(() => root.cleanup());

const image = () => {
  const data = new Float32Array(3 * 24 * 20).map((_, i) => ((i * 13) % 29) / 28);
  return { width: 24, height: 20, data };
};

it('converts and upscales in a worker thread, as on the main thread', async () => {
  const index = pathToFileURL(
    path.resolve(import.meta.dirname, '../../../engine/upscale/index.ts'),
  );
  const entry = path.join(root.dir, 'entry.ts');
  await writeFile(path.join(root.dir, 'package.json'), '{"type":"module"}');
  await writeFile(
    entry,
    `import { parentPort, workerData } from 'node:worker_threads';
import { openEsrganSlim, upscaleImage } from ${JSON.stringify(index.href)};
const model = await openEsrganSlim(workerData.modelsDir, 2);
const out = await upscaleImage(model, workerData.image, { tile: 16, overlap: 4 });
await model.release();
parentPort!.postMessage({ width: out.width, height: out.height, tiles: out.tiles, data: out.data });
`,
  );
  const modelsDir = path.join(root.dir, 'models');
  const worker = new Worker(workerUrl(pathToFileURL(entry)), {
    workerData: { modelsDir, image: image() },
  });
  const fromWorker = await new Promise<{
    width: number;
    height: number;
    tiles: number;
    data: Float32Array;
  }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();

  const model = await openEsrganSlim(modelsDir, 2);
  const here = await upscaleImage(model, image(), { tile: 16, overlap: 4 });
  await model.release();
  expect([fromWorker.width, fromWorker.height, fromWorker.tiles]).toEqual([48, 40, here.tiles]);
  expect(fromWorker.data).toEqual(here.data);
});
