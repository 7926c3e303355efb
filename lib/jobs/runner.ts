// A worker: takes one job at a time, or a batch of compatible drafts (this process has one
// inference thread), keeps each job's lease while it renders, stops a job at its time limit or when
// it is cancelled, and settles each attempt on its own.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { eq, min } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { jobs } from '../../db/schema';
import { EngineError, firstLine } from '../../engine/errors';
import { ENGINE_ERROR_CODE } from '../engine-errors';
import { AppError, logInternal } from '../errors';
import type { JobConfig } from './config';
import type { Dispatch } from './dispatch';
import { jobEvents } from './events';
import { keepLease } from './heartbeat';
import { attemptImageJobs } from './image-attempt';
import { ImageJobPayload } from './image-job';
import { claimJobs, type JobRow, LeaseLost, lockLease } from './lease';
import { type Failure, releaseJob, retryOrFail } from './outcome';
import { trackProgress } from './progress';
import { timingKind } from './stage-times';

type StopReason = 'cancelled' | 'lost' | 'time_limit' | 'stopping';

/** What a failed attempt means for its job. Only faults of this server are tried again. */
export function failureOf(err: unknown, row: JobRow, why: StopReason | null): Failure {
  if (why === 'time_limit') {
    const s = Math.round(row.timeLimitMs / 100) / 10;
    return {
      error: `the render took longer than the ${s} s one job may take; ask for fewer steps, a smaller size or fewer images`,
      code: 'bad_request',
      transient: false,
      reason: 'time limit',
    };
  }
  if (err instanceof EngineError)
    return {
      error: err.message,
      code: ENGINE_ERROR_CODE[err.code],
      transient: err.code === 'runtime_failure',
    };
  if (err instanceof AppError) return { error: err.message, code: err.code, transient: false };
  logInternal(err, `image job ${row.id}`);
  return { error: firstLine(err), code: 'internal', transient: true };
}

export class JobRunner {
  /** Names this worker in leases and audit events: host, pid and a random tag. */
  readonly owner = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly controllers = new Set<AbortController>();
  /** Attempts in hand: one per inference worker may run at once (lib/jobs/engine.ts). */
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(
    private readonly db: Db,
    private readonly dispatch: Dispatch,
    private readonly config: JobConfig,
  ) {}

  /**
   * Claims the given job (pg-boss delivered it) or the next due one, with the queued drafts that
   * can render in its batch, and runs them; false if none.
   */
  async take(opts: { jobId?: string; waitedMs?: number } = {}): Promise<boolean> {
    if (this.stopping) return false;
    const run = this.claimAndRun(opts.jobId, opts.waitedMs ?? 0);
    const settled = run.catch(() => undefined);
    this.inFlight.add(settled);
    try {
      return await run;
    } finally {
      this.inFlight.delete(settled);
    }
  }

  /** Jobs or batches this worker is rendering now. */
  get inHand(): number {
    return this.inFlight.size;
  }

  private async claimAndRun(jobId: string | undefined, waitedMs: number): Promise<boolean> {
    const rows = await claimJobs(this.db, this.owner, this.config.leaseMs, {
      jobId,
      batchImages: this.config.batchImages,
      waitedMs,
    });
    if (!rows.length) return false;
    await this.attempt(rows);
    return true;
  }

  /** How long until the next queued job is due (null when none is queued). */
  async nextDueMs(): Promise<number | null> {
    const [row] = await this.db
      .select({ at: min(jobs.runAfter) })
      .from(jobs)
      .where(eq(jobs.status, 'queued'));
    return row?.at ? Math.max(0, new Date(row.at).getTime() - Date.now()) : null;
  }

  /** Stops taking jobs; those in hand are given back to the queue (their attempts not counted). */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const c of this.controllers) c.abort('stopping' satisfies StopReason);
    await Promise.all(this.inFlight);
  }

  private async attempt(rows: JobRow[]): Promise<void> {
    const watches = rows.map((row) => this.watch(row));
    try {
      const outcomes = await attemptImageJobs(
        this.db,
        rows,
        this.owner,
        watches.map((w) => w.hooks),
      );
      await Promise.all(
        outcomes.map(async (outcome, i) => {
          if (outcome.status === 'fulfilled') return watches[i].completed();
          const { signal } = watches[i].hooks;
          const why = signal.aborted ? (signal.reason as StopReason) : null;
          await this.settle(rows[i], outcome.reason, why).catch((e) =>
            logInternal(e, `settling job ${rows[i].id}`),
          );
        }),
      );
    } finally {
      await Promise.all(watches.map((w) => w.end()));
    }
  }

  /**
   * While a job renders: its lease kept, its time limit, its cancel from any process, its progress
   * reported. Stopped while claiming: the attempt gives the job straight back.
   */
  private watch(row: JobRow) {
    const events = jobEvents();
    const controller = new AbortController();
    this.controllers.add(controller);
    if (this.stopping) controller.abort('stopping' satisfies StopReason);
    const stop = (why: StopReason) => controller.abort(why);
    const onCancel = (id: string) => id === row.id && stop('cancelled');
    events.on('cancel', onCancel);
    events.emit('changed', row.id);
    const lease = keepLease(
      this.db,
      { id: row.id, owner: this.owner, leaseMs: this.config.leaseMs },
      (why) => stop(why),
    );
    const limit = setTimeout(() => stop('time_limit'), row.timeLimitMs);
    const job = ImageJobPayload.safeParse(row.payload);
    const progress = trackProgress(
      (p) => {
        lease.progress(p);
        events.emit('progress', row.id, p);
      },
      job.success ? timingKind(job.data) : null,
    );
    return {
      hooks: { signal: controller.signal, onProgress: progress.onProgress },
      completed: progress.completed,
      end: async () => {
        clearTimeout(limit);
        await lease.stop();
        events.off('cancel', onCancel);
        this.controllers.delete(controller);
        events.emit('changed', row.id);
      },
    };
  }

  /** A failed attempt: nothing to write when the job is no longer ours, else retry, fail or give back. */
  private async settle(row: JobRow, err: unknown, why: StopReason | null): Promise<void> {
    if (err instanceof LeaseLost || why === 'cancelled' || why === 'lost') return;
    await this.db.transaction(async (tx) => {
      const held = await lockLease(tx, row.id, this.owner).catch((e) => {
        if (e instanceof LeaseLost) return null;
        throw e;
      });
      if (!held) return;
      if (why === 'stopping') await releaseJob(tx, held, this.dispatch);
      else await retryOrFail(tx, held, failureOf(err, held, why), this.dispatch, this.config);
    });
    this.dispatch.nudge();
  }
}
