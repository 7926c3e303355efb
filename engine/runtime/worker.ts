// The inference worker thread: it owns the onnxruntime sessions and runs whole generations,
// posting step progress back, so that session.run never blocks a server's event loop.
import { parentPort } from 'node:worker_threads';
import { serializeError } from '../errors';
import { Generator } from '../pipelines/generate';
import type { FromWorker, ToWorker } from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('engine/runtime/worker.ts must run in a worker thread');

const generator = new Generator();
const post = (msg: FromWorker) => port.postMessage(msg);

port.on('message', async (msg: ToWorker) => {
  if (msg.type !== 'generate') return;
  try {
    const result = await generator.generate(msg.job, {
      cancelFlag: new Int32Array(msg.cancel),
      previewEvery: msg.previewEvery,
      onProgress: (progress) => post({ type: 'progress', id: msg.id, progress }),
    });
    post({ type: 'done', id: msg.id, result });
  } catch (err) {
    post({ type: 'error', id: msg.id, error: serializeError(err) });
  }
});
