import { ModelRegistry } from '../../engine/models/registry';
import { cudaUnavailableReason, type RuntimeOptions } from '../../engine/runtime/sessions';
import { EngineWorker } from '../../engine/runtime/worker-client';
import { readEnv } from '../config/env';

const KEY = Symbol.for('atelier.engine');
type Engine = { worker: EngineWorker; registry: ModelRegistry };
type Holder = { [KEY]?: Engine };

/**
 * The process's one inference worker (a worker thread: session.run never blocks the event loop)
 * and model registry. On globalThis so every module copy in the process shares them.
 */
export function engine(): Engine {
  const g = globalThis as Holder;
  return (g[KEY] ??= {
    worker: new EngineWorker(),
    registry: new ModelRegistry(readEnv().modelsDir),
  });
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
