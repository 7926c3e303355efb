// The inference worker's message loop: whole generations on one Generator, step progress posted
// back, cancellation read from the shared flag. worker.ts runs it on the onnxruntime sessions; a
// test's worker entry may run it on a Generator of its own (a session factory that fails on CUDA).
import type { MessagePort } from 'node:worker_threads';
import { serializeError } from '../errors';
import type { Generator } from '../pipelines/generate';
import type { FromWorker, ToWorker } from './worker-protocol';

export function serveGenerations(port: MessagePort, generator: Generator): void {
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
}
