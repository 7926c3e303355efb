// The inference worker's message loop: each message's requests rendered together on one Generator,
// step progress posted back per request, cancellation read from each request's shared flag.
// worker.ts runs it on the onnxruntime sessions; a test's worker entry may run it on a Generator of
// its own (a session factory that fails on CUDA).
import type { MessagePort } from 'node:worker_threads';
import { serializeError } from '../errors';
import type { Generator } from '../pipelines/generate';
import type { FromWorker, ToWorker } from './worker-protocol';

export function serveGenerations(port: MessagePort, generator: Generator): void {
  const post = (msg: FromWorker) => port.postMessage(msg);
  port.on('message', async (msg: ToWorker) => {
    if (msg.type !== 'generate') return;
    const outcomes = await generator
      .generateBatch(
        msg.requests.map(({ id, job, cancel }) => ({
          job,
          hooks: {
            cancelFlag: new Int32Array(cancel),
            previewEvery: msg.previewEvery,
            onProgress: (progress) => post({ type: 'progress', id, progress }),
          },
        })),
      )
      .catch((err: unknown) => msg.requests.map(() => err as Error));
    for (const [i, outcome] of outcomes.entries()) {
      const { id } = msg.requests[i];
      if (outcome instanceof Error) post({ type: 'error', id, error: serializeError(outcome) });
      else post({ type: 'done', id, result: outcome });
    }
  });
}
