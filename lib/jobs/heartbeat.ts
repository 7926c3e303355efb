import type { Db } from '../../db/client';
import type { JobProgressRow } from '../../db/schema';
import { logInternal } from '../errors';
import { type LeaseLost, renewLease } from './lease';

/** Progress reaches the row at most this often; a waiter on another machine polls about as often. */
const PROGRESS_MS = 250;

/**
 * While a worker renders a job: writes the latest progress (at most every 250 ms) and renews the
 * lease (at least every third of it, and every second, so a cancel from another process is seen
 * within about a second). Calls `onLost` once when the row says the job is no longer this worker's.
 */
export function keepLease(
  db: Db,
  job: { id: string; owner: string; leaseMs: number },
  onLost: (why: LeaseLost['why']) => void,
): { progress(p: JobProgressRow): void; stop(): Promise<void> } {
  let pending: JobProgressRow | null = null;
  let lastWrite = Date.now();
  let writing: Promise<void> | null = null;
  let lost = false;
  const renewEvery = Math.min(1000, job.leaseMs / 3);
  const tick = () => {
    if (writing || lost) return;
    if (!pending && Date.now() - lastWrite < renewEvery) return;
    const progress = pending;
    pending = null;
    writing = renewLease(db, job.id, job.owner, job.leaseMs, progress)
      .then((state) => {
        lastWrite = Date.now();
        if (state !== 'held' && !lost) {
          lost = true;
          onLost(state);
        }
      })
      .catch((err) => logInternal(err, `renewing the lease of job ${job.id}`))
      .finally(() => {
        writing = null;
      });
  };
  const timer = setInterval(tick, Math.min(PROGRESS_MS, renewEvery));
  timer.unref();
  return {
    progress(p) {
      pending = p;
    },
    async stop() {
      clearInterval(timer);
      await writing;
    },
  };
}
