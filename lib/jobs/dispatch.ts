import type { Tx } from '../../db/client';

/**
 * How a queued job reaches a worker: in this process (embedded PGlite), or through pg-boss to any
 * worker process on the same PostgreSQL server. The jobs table stays the record either way.
 */
export interface Dispatch {
  /** Inside the transaction that queues the job (new, or again after a failure): deliverable after `delayMs`. */
  send(tx: Tx, jobId: string, delayMs: number): Promise<void>;
  /** After that transaction has committed: look for work now rather than at the next poll. */
  nudge(): void;
}
