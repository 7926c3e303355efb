import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { type JobProgressRow, jobs } from '../../db/schema';
import { SYSTEM } from '../audit/actors';
import { AppError, ERROR_STATUS, type ErrorCode } from '../errors';
import { jobEvents } from './events';
import { CANCELLED, cancelJob } from './outcome';
import { jobPosition } from './queue';
import { expectedWaitMs } from './queue-wait';

export type JobUpdate =
  | { status: 'queued'; position: number; waitMs?: number }
  | { status: 'running'; progress: JobProgressRow | null };

/** How often the row is read: a worker on another machine writes its progress about this often. */
const POLL_MS = 250;
/** How often a queued job's expected wait is worked out again (it reads the jobs ahead of it). */
const WAIT_EVERY_MS = 1000;
/** A new expected wait is reported when it moved by this much. */
const WAIT_STEP_MS = 1000;

const codeOf = (code: string | null): ErrorCode =>
  code && code in ERROR_STATUS ? (code as ErrorCode) : 'internal';

/**
 * Waits until the job ends and returns its stored result, reporting its position while queued and
 * its progress while running: at once from a worker in this process, else from the row (polled). Aborting
 * `signal` cancels the job (for `cancelledBy()`); an error, a cancel or a deleted job throws an
 * AppError with what the row says.
 */
export async function waitForJob(
  db: Db,
  jobId: string,
  opts: {
    signal?: AbortSignal;
    onUpdate?: (u: JobUpdate) => void;
    cancelledBy?: () => string;
  } = {},
): Promise<Record<string, unknown>> {
  const events = jobEvents();
  let wake = () => undefined as void;
  let lastAt = 0;
  let lastPosition = -1;
  let lastWait: number | null = null;
  let waitAt = 0;
  const running = (progress: JobProgressRow | null) => {
    if (progress && progress.at <= lastAt) return;
    if (!progress && lastAt !== 0) return;
    lastAt = progress?.at ?? -1;
    opts.onUpdate?.({ status: 'running', progress });
  };
  const onProgress = (id: string, p: JobProgressRow) => id === jobId && running(p);
  // Any job's start or end here may move this one up the queue.
  const onChanged = () => wake();
  const onAbort = () => wake();
  events.on('progress', onProgress);
  events.on('changed', onChanged);
  opts.signal?.addEventListener('abort', onAbort);
  let cancelAsked = false;
  try {
    for (;;) {
      if (opts.signal?.aborted && !cancelAsked) {
        cancelAsked = true;
        await cancelJob(db, jobId, opts.cancelledBy?.() ?? SYSTEM);
      }
      const [row] = await db
        .select({
          status: jobs.status,
          progress: jobs.progress,
          result: jobs.result,
          error: jobs.error,
          errorCode: jobs.errorCode,
        })
        .from(jobs)
        .where(eq(jobs.id, jobId));
      if (!row)
        throw new AppError('not_found', 'the image job is gone (its conversation was deleted)');
      if (row.status === 'complete' && row.result) return row.result;
      if (row.status === 'cancelled') throw new AppError('conflict', CANCELLED);
      if (row.status === 'error')
        throw new AppError(codeOf(row.errorCode), row.error ?? 'the image job failed');
      if (row.status === 'queued') {
        const position = await jobPosition(db, jobId);
        const moved = position !== lastPosition;
        let wait: number | null = lastWait;
        if (moved || Date.now() - waitAt >= WAIT_EVERY_MS) {
          wait = await expectedWaitMs(db, jobId);
          waitAt = Date.now();
        }
        const waitMoved =
          (wait === null) !== (lastWait === null) ||
          (wait !== null && lastWait !== null && Math.abs(wait - lastWait) >= WAIT_STEP_MS);
        if ((moved || waitMoved) && position > 0)
          opts.onUpdate?.({
            status: 'queued',
            position,
            ...(wait !== null ? { waitMs: wait } : {}),
          });
        if (moved || waitMoved) lastWait = wait;
        lastPosition = position;
        lastAt = 0;
      } else {
        lastPosition = -1;
        lastWait = null;
        running(row.progress);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, POLL_MS);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    events.off('progress', onProgress);
    events.off('changed', onChanged);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
