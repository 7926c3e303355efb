import { ModelRegistry } from '../../engine/models/registry';
import { cudaUnavailableReason, type RuntimeOptions } from '../../engine/runtime/sessions';
import { EngineWorker, type EngineWorkerOptions } from '../../engine/runtime/worker-client';
import { readEnv } from '../config/env';

const KEY = Symbol.for('atelier.engine');
type Engine = { worker: EngineWorker; registry: ModelRegistry };
type Holder = { [KEY]?: Engine };

const start = (options: EngineWorkerOptions = {}): Engine => ({
  worker: new EngineWorker(options),
  registry: new ModelRegistry(readEnv().modelsDir),
});

/**
 * The process's one inference worker (a worker thread: session.run never blocks the event loop)
 * and model registry. On globalThis so every module copy in the process shares them.
 */
export function engine(): Engine {
  return ((globalThis as Holder)[KEY] ??= start());
}

/**
 * Start the process's worker on another entry module (a test's worker whose CUDA provider cannot
 * load, say). Refused once the engine has started: jobs already hold its worker.
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

/** ATELIER_EP and ATELIER_THREADS; without ATELIER_EP, CUDA when its provider library is installed (else CPU). */
export function runtimeOptions(): RuntimeOptions {
  const env = readEnv();
  return {
    ep: env.ep ?? (cudaUnavailableReason() ? 'cpu' : 'cuda'),
    ...(env.threads ? { intraOpThreads: env.threads } : {}),
  };
}
