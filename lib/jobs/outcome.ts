// The ends of an attempt: each state change of a job is written with its audit event (and its
// generation's, when it has one) in one transaction.
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '../../db/client';
import { generations, jobs } from '../../db/schema';
import { SYSTEM } from '../audit/actors';
import { appendAudit } from '../audit/chain';
import { errorDigest } from '../audit/digest';
import type { ErrorCode } from '../errors';
import { type JobConfig, retryDelay } from './config';
import type { Dispatch } from './dispatch';
import { jobEvents } from './events';
import type { JobRow } from './lease';

export const CANCELLED = 'generation cancelled';

export type Failure = { error: string; code: ErrorCode; transient: boolean; reason?: string };

const subjectOf = (row: JobRow) => ({
  subject: `job:${row.id}`,
  workspaceId: row.workspaceId,
  conversationId: row.conversationId,
});

/** The generation's row and event when a job ends without images. */
async function endGeneration(
  tx: Tx,
  row: JobRow,
  status: 'error' | 'cancelled',
  error: string,
  actor: string,
): Promise<void> {
  if (!row.generationId) return;
  const ended = await tx
    .update(generations)
    .set({ status, error, finishedAt: new Date() })
    .where(eq(generations.id, row.generationId))
    .returning({ id: generations.id });
  if (!ended.length) return;
  await appendAudit(tx, {
    actor,
    action: `generation.${status === 'error' ? 'failed' : status}`,
    subject: `generation:${row.generationId}`,
    workspaceId: row.workspaceId,
    conversationId: row.conversationId,
    payload: errorDigest(error),
  });
}

/**
 * A locked job back in the queue, due after `delayMs`, audited `job.retried`; its generation (if
 * an attempt made one) waits again with it.
 */
async function requeue(
  tx: Tx,
  row: JobRow,
  dispatch: Dispatch,
  opts: {
    delayMs: number;
    set?: PgUpdateSetSource<typeof jobs>;
    payload: Record<string, unknown>;
  },
): Promise<void> {
  const [queued] = await tx
    .update(jobs)
    .set({
      status: 'queued',
      runAfter: sql`now() + (${opts.delayMs}::int * interval '1 millisecond')`,
      leaseOwner: null,
      leaseExpiresAt: null,
      progress: null,
      ...opts.set,
    })
    .where(eq(jobs.id, row.id))
    .returning({ runAfter: jobs.runAfter });
  if (row.generationId)
    await tx
      .update(generations)
      .set({ status: 'queued' })
      .where(eq(generations.id, row.generationId));
  await appendAudit(tx, {
    actor: SYSTEM,
    action: 'job.retried',
    ...subjectOf(row),
    payload: {
      attempt: row.attempts,
      runAfter: queued.runAfter.toISOString(),
      ...(row.leaseOwner ? { worker: row.leaseOwner } : {}),
      ...opts.payload,
    },
  });
  await dispatch.send(tx, row.id, opts.delayMs);
}

/**
 * A failed attempt of a locked job: queued again after its backoff when the failure is transient
 * and attempts remain, else failed for good.
 */
export async function retryOrFail(
  tx: Tx,
  row: JobRow,
  failure: Failure,
  dispatch: Dispatch,
  config: JobConfig,
): Promise<'retried' | 'failed'> {
  const { error, code } = failure;
  const reason = failure.reason ? { reason: failure.reason } : {};
  if (failure.transient && row.attempts < row.maxAttempts) {
    await requeue(tx, row, dispatch, {
      delayMs: retryDelay(config, row.attempts),
      set: { error, errorCode: code },
      payload: { ...reason, ...errorDigest(error) },
    });
    return 'retried';
  }
  await tx
    .update(jobs)
    .set({
      status: 'error',
      error,
      errorCode: code,
      leaseExpiresAt: null,
      finishedAt: new Date(),
    })
    .where(eq(jobs.id, row.id));
  await endGeneration(tx, row, 'error', error, row.actor);
  await appendAudit(tx, {
    actor: SYSTEM,
    action: 'job.failed',
    ...subjectOf(row),
    payload: {
      attempt: row.attempts,
      ...(row.leaseOwner ? { worker: row.leaseOwner } : {}),
      ...reason,
      ...errorDigest(error),
    },
  });
  return 'failed';
}

/** A locked job its worker gives back unfinished (it is stopping): queued again, the attempt not counted. */
export const releaseJob = (tx: Tx, row: JobRow, dispatch: Dispatch) =>
  requeue(tx, row, dispatch, {
    delayMs: 0,
    set: { attempts: sql`greatest(${jobs.attempts} - 1, 0)` },
    payload: { reason: 'worker stopping' },
  });

/** Inside the transaction that commits the job's output. */
export async function completeJob(
  tx: Tx,
  row: JobRow,
  result: Record<string, unknown>,
  summary: Record<string, unknown>,
): Promise<void> {
  await tx
    .update(jobs)
    .set({ status: 'complete', result, leaseExpiresAt: null, finishedAt: new Date() })
    .where(eq(jobs.id, row.id));
  await appendAudit(tx, {
    actor: SYSTEM,
    action: 'job.completed',
    ...subjectOf(row),
    payload: { attempt: row.attempts, worker: row.leaseOwner, ...summary },
  });
}

/**
 * Cancels an unfinished job for `actor`. A render in this process stops at once; one on another
 * machine at its worker's next heartbeat, which finds the row cancelled. Whatever that worker
 * renders is then discarded: its commit needs the lease. False when the job had already ended.
 */
export async function cancelJob(db: Db, jobId: string, actor: string): Promise<boolean> {
  const cancelled = await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(jobs)
      .where(and(eq(jobs.id, jobId), inArray(jobs.status, ['queued', 'running'])))
      .for('update');
    if (!row) return false;
    await tx
      .update(jobs)
      .set({ status: 'cancelled', error: CANCELLED, leaseExpiresAt: null, finishedAt: new Date() })
      .where(eq(jobs.id, jobId));
    await endGeneration(tx, row, 'cancelled', CANCELLED, actor);
    await appendAudit(tx, {
      actor,
      action: 'job.cancelled',
      ...subjectOf(row),
      payload: { attempt: row.attempts, was: row.status, ...errorDigest(CANCELLED) },
    });
    return true;
  });
  if (cancelled) {
    jobEvents().emit('cancel', jobId);
    jobEvents().emit('changed', jobId);
  }
  return cancelled;
}

const LEASE_EXPIRED = 'the worker rendering it stopped answering (its lease expired)';

/**
 * Jobs whose worker died: running with an expired lease (every running job, with `all`, when this
 * process holds the only connection, as with embedded PGlite). Each is queued again, or failed once
 * it has used its attempts.
 */
export async function recoverExpiredJobs(
  db: Db,
  dispatch: Dispatch,
  config: JobConfig,
  opts: { all: boolean },
): Promise<number> {
  const running = eq(jobs.status, 'running');
  const count = await db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(jobs)
      .where(opts.all ? running : and(running, lt(jobs.leaseExpiresAt, sql`now()`)))
      .for('update', { skipLocked: true });
    for (const row of rows)
      await retryOrFail(
        tx,
        row,
        { error: LEASE_EXPIRED, code: 'internal', transient: true, reason: 'lease expired' },
        dispatch,
        { ...config, retryDelayMs: 0 },
      );
    return rows.length;
  });
  if (count) dispatch.nudge();
  return count;
}
