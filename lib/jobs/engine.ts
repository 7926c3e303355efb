import { ModelRegistry } from '../../engine/models/registry';
import { cudaUnavailableReason, type RuntimeOptions } from '../../engine/runtime/sessions';
import type { EngineWorkerOptions } from '../../engine/runtime/worker-client';
import { EnginePool } from '../../engine/runtime/worker-pool';
import { readEnv } from '../config/env';
import { engineThreads, engineWorkers } from '../config/pools';

const KEY = Symbol.for('atelier.engine');
type Engine = { worker: EnginePool; registry: ModelRegistry };
type Holder = { [KEY]?: Engine };

const start = (options: EngineWorkerOptions = {}): Engine => ({
  worker: new EnginePool(engineWorkers(executionProvider()), options),
  registry: new ModelRegistry(readEnv().modelsDir),
});

/**
 * The process's inference workers (threads: session.run never blocks the event loop), sized from
 * the cores (lib/config/pools.ts), and model registry. On globalThis so every module copy in the
 * process shares them.
 */
export function engine(): Engine {
  return ((globalThis as Holder)[KEY] ??= start());
}

/**
 * Start the process's workers on another entry module (a test's worker whose CUDA provider cannot
 * load, say). Refused once the engine has started: jobs already hold its workers.
 */
export function startEngine(options: EngineWorkerOptions): Engine {
  const g = globalThis as Holder;
  if (g[KEY]) throw new Error('the inference worker has already started');
  return (g[KEY] = start(options));
}

export async function closeEngine(): Promise<void> {
  const g = globalThis as Holder;
  const e = g[KEY];
  delete g[KEY];
  await e?.worker.close();
}

/** ATELIER_EP; without it, CUDA when its provider library is installed (else CPU). */
const executionProvider = () => readEnv().ep ?? (cudaUnavailableReason() ? 'cpu' : 'cuda');

/** The provider, and the intra-op threads each worker gets (ATELIER_THREADS, or shared out). */
export function runtimeOptions(): RuntimeOptions {
  const ep = executionProvider();
  const threads = engineThreads(engineWorkers(ep));
  return { ep, ...(threads ? { intraOpThreads: threads } : {}) };
}

/** How many jobs (or batches) this process renders at once: one per inference worker. */
export const renderSlots = () => engineWorkers(executionProvider());
