import { ModelRegistry } from '../../engine/models/registry';
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
  return (g[KEY] ??= { worker: new EngineWorker(), registry: new ModelRegistry(readEnv().modelsDir) });
}

export async function closeEngine(): Promise<void> {
  const g = globalThis as Holder;
  const e = g[KEY];
  delete g[KEY];
  await e?.worker.close();
}
