import type { Dispatch } from './dispatch';

/**
 * Embedded PGlite: the one process that opens the database runs its jobs, so dispatching is waking
 * its worker loop, which claims from the jobs table itself.
 */
export class LocalDispatch implements Dispatch {
  /** The worker loops waiting (one per inference worker). */
  private readonly waiting = new Set<() => void>();
  private nudged = false;

  async send(_tx: unknown, _jobId: string, delayMs: number): Promise<void> {
    if (delayMs > 0) setTimeout(() => this.nudge(), delayMs).unref();
  }

  nudge(): void {
    this.nudged = true;
    for (const wake of [...this.waiting]) wake();
  }

  /** Resolves when nudged (at once if it was since the last call) or after `ms`. */
  idle(ms: number): Promise<void> {
    if (this.nudged) {
      this.nudged = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiting.delete(done);
        this.nudged = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.waiting.add(done);
    });
  }
}

/** For the start-up recovery, which runs before any worker: the worker loop finds the rows itself. */
export const NO_DISPATCH: Dispatch = { send: async () => undefined, nudge: () => undefined };
