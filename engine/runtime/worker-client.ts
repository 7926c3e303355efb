// The calling side of the inference worker: one worker thread, jobs run one after another.
// Cancellation goes through shared memory, so it is seen between steps even while the worker's
// event loop is busy.
import { Worker } from 'node:worker_threads';
import { EngineError } from '../errors';
import type { GenerateJob, GenerateResult } from '../pipelines/generate';
import type { StepProgress } from '../pipelines/types';
import type { FromWorker, ToWorker } from './worker-protocol';
import { workerUrl } from './worker-url';

export interface WorkerHooks {
  onProgress?: (p: StepProgress) => void;
  signal?: AbortSignal;
  previewEvery?: number;
}

export interface EngineWorkerOptions {
  /**
   * The worker's entry module. Defaults to worker.ts (or .js) beside this file; a bundler that
   * moves this file (Next's server build) must name the real one.
   */
  entry?: URL;
}

export class EngineWorker {
  constructor(private readonly options: EngineWorkerOptions = {}) {}

  private worker: Worker | undefined;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly pending = new Map<
    number,
    { resolve: (r: GenerateResult) => void; reject: (e: Error) => void; hooks: WorkerHooks }
  >();

  private start(): Worker {
    if (this.worker) return this.worker;
    const entry =
      this.options.entry ??
      new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);
    const worker = new Worker(workerUrl(entry));
    worker.on('message', (msg: FromWorker) => {
      const job = this.pending.get(msg.id);
      if (!job) return;
      if (msg.type === 'progress') return job.hooks.onProgress?.(msg.progress);
      this.pending.delete(msg.id);
      if (msg.type === 'done') job.resolve(msg.result);
      else job.reject(new EngineError(msg.error.code, msg.error.message));
    });
    const failAll = (err: Error) => {
      for (const job of this.pending.values())
        job.reject(new EngineError('runtime_failure', `inference worker stopped: ${err.message}`));
      this.pending.clear();
      this.worker = undefined;
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`exit code ${code}`)));
    this.worker = worker;
    return worker;
  }

  generate(job: GenerateJob, hooks: WorkerHooks = {}): Promise<GenerateResult> {
    const run = this.queue.then(() => this.run(job, hooks));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private run(job: GenerateJob, hooks: WorkerHooks): Promise<GenerateResult> {
    const cancel = new SharedArrayBuffer(4);
    const flag = new Int32Array(cancel);
    const abort = () => Atomics.store(flag, 0, 1);
    if (hooks.signal?.aborted)
      return Promise.reject(new EngineError('cancelled', 'generation cancelled'));
    hooks.signal?.addEventListener('abort', abort, { once: true });
    const id = this.nextId++;
    return new Promise<GenerateResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, hooks });
      const msg: ToWorker = {
        type: 'generate',
        id,
        job,
        cancel,
        previewEvery: hooks.previewEvery ?? 0,
      };
      this.start().postMessage(msg);
    }).finally(() => hooks.signal?.removeEventListener('abort', abort));
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) {
      worker.removeAllListeners('exit');
      await worker.terminate();
    }
  }
}
