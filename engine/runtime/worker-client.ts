// The calling side of the inference worker: one worker thread, one message at a time (a message
// may carry several requests rendered together). Cancellation goes through shared memory, so it is
// seen between steps even while the worker's event loop is busy.
import { Worker } from 'node:worker_threads';
import { EngineError } from '../errors';
import type { GenerateJob, GenerateResult } from '../pipelines/generate';
import type { StepProgress } from '../pipelines/types';
import type { FromWorker, ToWorker, WorkerRequest } from './worker-protocol';
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

type Member = { job: GenerateJob; hooks?: WorkerHooks };

/** What renders for a caller: one worker (EngineWorker) or several (EnginePool). */
export interface Renderer {
  generate(job: GenerateJob, hooks?: WorkerHooks): Promise<GenerateResult>;
  generateBatch(members: Member[]): Promise<GenerateResult>[];
  close(): Promise<void>;
}

type Entry = {
  job: GenerateJob;
  hooks: WorkerHooks;
  result: Promise<GenerateResult>;
  settle: (outcome: GenerateResult | Error) => void;
};

const cancelled = () => new EngineError('cancelled', 'generation cancelled');

function entryOf({ job, hooks = {} }: Member): Entry {
  let settle!: Entry['settle'];
  const result = new Promise<GenerateResult>((resolve, reject) => {
    settle = (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome));
  });
  return { job, hooks, result, settle };
}

export class EngineWorker implements Renderer {
  constructor(private readonly options: EngineWorkerOptions = {}) {}

  private worker: Worker | undefined;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  /** Requests sent and not yet answered by the worker. */
  private readonly pending = new Map<
    number,
    { hooks: WorkerHooks; answer: (outcome: GenerateResult | Error) => void }
  >();

  private start(): Worker {
    if (this.worker) return this.worker;
    const entry =
      this.options.entry ??
      new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);
    const worker = new Worker(workerUrl(entry));
    worker.on('message', (msg: FromWorker) => {
      const request = this.pending.get(msg.id);
      if (!request) return;
      if (msg.type === 'progress') return request.hooks.onProgress?.(msg.progress);
      this.pending.delete(msg.id);
      if (msg.type === 'done') request.answer(msg.result);
      else request.answer(new EngineError(msg.error.code, msg.error.message));
    });
    const failAll = (err: Error) => {
      for (const request of this.pending.values())
        request.answer(
          new EngineError('runtime_failure', `inference worker stopped: ${err.message}`),
        );
      this.pending.clear();
      this.worker = undefined;
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`exit code ${code}`)));
    this.worker = worker;
    return worker;
  }

  generate(job: GenerateJob, hooks: WorkerHooks = {}): Promise<GenerateResult> {
    return this.generateBatch([{ job, hooks }])[0];
  }

  /**
   * Requests rendered together: compatible ones as one UNet batch (engine/pipelines/batch.ts).
   * Each settles on its own, and a cancelled one at once while the rest render on; the next call
   * is sent when the worker has answered every request of this one.
   */
  generateBatch(members: Member[]): Promise<GenerateResult>[] {
    const entries = members.map(entryOf);
    const sent = this.queue.then(() => this.send(entries));
    this.queue = sent.catch(() => undefined);
    return entries.map((e) => e.result);
  }

  /** Posts the requests not already cancelled; resolves when the worker has answered them all. */
  private send(entries: Entry[]): Promise<unknown> {
    const requests: WorkerRequest[] = [];
    const answered: Promise<void>[] = [];
    for (const entry of entries) {
      const { signal } = entry.hooks;
      if (signal?.aborted) {
        entry.settle(cancelled());
        continue;
      }
      const cancel = new SharedArrayBuffer(4);
      const onAbort = () => {
        Atomics.store(new Int32Array(cancel), 0, 1);
        entry.settle(cancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const id = this.nextId++;
      answered.push(
        new Promise<void>((done) =>
          this.pending.set(id, {
            hooks: entry.hooks,
            answer: (outcome) => {
              signal?.removeEventListener('abort', onAbort);
              entry.settle(outcome);
              done();
            },
          }),
        ),
      );
      requests.push({ id, job: entry.job, cancel });
    }
    if (!requests.length) return Promise.resolve();
    const msg: ToWorker = {
      type: 'generate',
      requests,
      previewEvery: Math.max(0, ...entries.map((e) => e.hooks.previewEvery ?? 0)),
    };
    this.start().postMessage(msg);
    return Promise.all(answered);
  }

  /**
   * Stops the worker once it has answered what it was sent (a cancelled request stops at its next
   * step): a thread terminated inside session.run can take the process down with it. One that does
   * not answer within `graceMs` is terminated anyway.
   */
  async close(graceMs = 10_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.queue,
      new Promise((resolve) => {
        timer = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(timer);
    const worker = this.worker;
    this.worker = undefined;
    if (worker) {
      worker.removeAllListeners('exit');
      await worker.terminate();
    }
  }
}
