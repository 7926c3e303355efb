import { EventEmitter } from 'node:events';
import type { JobProgressRow } from '../../db/schema';

/**
 * What this process learns about jobs before the database says it: a worker's progress (the row is
 * written at most every ~250 ms), that a job changed state (its waiters read it again at once) and
 * that one was cancelled here (its render stops at once rather than at the next heartbeat).
 */
type JobEventMap = {
  progress: [jobId: string, progress: JobProgressRow];
  changed: [jobId: string];
  cancel: [jobId: string];
};

const KEY = Symbol.for('atelier.jobEvents');
type Holder = { [KEY]?: EventEmitter<JobEventMap> };

/** On globalThis, so Next's route bundles and the server entry share one. */
export function jobEvents(): EventEmitter<JobEventMap> {
  const g = globalThis as Holder;
  if (!g[KEY]) {
    g[KEY] = new EventEmitter<JobEventMap>();
    g[KEY].setMaxListeners(0);
  }
  return g[KEY];
}
