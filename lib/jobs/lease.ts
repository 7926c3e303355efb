// A running job belongs to the worker whose lease it carries. The worker renews the lease while it
// renders; every write it makes on the job's behalf first checks, under the row's lock, that the
// lease is still its own, so a worker taken for dead can never commit over the one that re-ran it.
import { and, asc, eq, lte, ne, type SQL, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { type JobProgressRow, jobs } from '../../db/schema';
import { SYSTEM } from '../audit/actors';
import { appendAudit } from '../audit/chain';
import { imagesOf } from './batch-key';

export type JobRow = typeof jobs.$inferSelect;

/** The lease is gone: the job was cancelled, deleted, or re-queued after this worker was taken for dead. */
export class LeaseLost extends Error {
  constructor(readonly why: 'cancelled' | 'lost') {
    super(
      why === 'cancelled' ? 'the job was cancelled' : 'the job is no longer held by this worker',
    );
    this.name = 'LeaseLost';
  }
}

export const leaseUntil = (leaseMs: number): SQL =>
  sql`now() + (${Math.round(leaseMs)}::int * interval '1 millisecond')`;

/**
 * Takes one queued job for `owner`: the given one (pg-boss delivered it), or the oldest that is
 * due. SKIP LOCKED lets claimers on other connections pass a row another is taking.
 */
export async function claimJob(
  db: Db,
  owner: string,
  leaseMs: number,
  jobId?: string,
): Promise<JobRow | null> {
  const [row] = await claimJobs(db, owner, leaseMs, { jobId, batchImages: 1, waitedMs: 0 });
  return row ?? null;
}

/**
 * Takes a queued job as claimJob does (with no id: one due for at least `waitedMs`) and, when it has a batch key, the oldest due jobs with the
 * same key, while their images together stay within `batchImages`: jobs that render as one batch.
 */
export async function claimJobs(
  db: Db,
  owner: string,
  leaseMs: number,
  opts: { jobId?: string; batchImages: number; waitedMs: number },
): Promise<JobRow[]> {
  return db.transaction(async (tx) => {
    const since = sql`now() - (${Math.round(opts.waitedMs)}::int * interval '1 millisecond')`;
    const due = and(eq(jobs.status, 'queued'), lte(jobs.runAfter, since));
    const [row] = await tx
      .select({ id: jobs.id, batchKey: jobs.batchKey, payload: jobs.payload })
      .from(jobs)
      .where(opts.jobId ? and(eq(jobs.id, opts.jobId), eq(jobs.status, 'queued')) : due)
      .orderBy(asc(jobs.createdAt), asc(jobs.id))
      .limit(1)
      .for('update', { skipLocked: true });
    if (!row) return [];
    const ids = [row.id];
    let images = imagesOf(row.payload);
    if (row.batchKey && images < opts.batchImages) {
      const others = await tx
        .select({ id: jobs.id, payload: jobs.payload })
        .from(jobs)
        .where(and(due, eq(jobs.batchKey, row.batchKey), ne(jobs.id, row.id)))
        .orderBy(asc(jobs.createdAt), asc(jobs.id))
        .limit(opts.batchImages)
        .for('update', { skipLocked: true });
      for (const other of others) {
        images += imagesOf(other.payload);
        if (images > opts.batchImages) break;
        ids.push(other.id);
      }
    }
    const claimed: JobRow[] = [];
    for (const id of ids) claimed.push(await start(tx, id, owner, leaseMs));
    return claimed;
  });
}

/** A locked queued job made `owner`'s, audited `job.started`. */
async function start(tx: Tx, id: string, owner: string, leaseMs: number): Promise<JobRow> {
  const [claimed] = await tx
    .update(jobs)
    .set({
      status: 'running',
      attempts: sql`${jobs.attempts} + 1`,
      leaseOwner: owner,
      leaseExpiresAt: leaseUntil(leaseMs),
      startedAt: sql`now()`,
      progress: null,
    })
    .where(eq(jobs.id, id))
    .returning();
  await appendAudit(tx, {
    actor: SYSTEM,
    action: 'job.started',
    subject: `job:${claimed.id}`,
    workspaceId: claimed.workspaceId,
    conversationId: claimed.conversationId,
    payload: { attempt: claimed.attempts, worker: owner },
  });
  return claimed;
}

/**
 * Extends the lease (and stores the latest progress). Says why not when the job is no longer this
 * worker's: `cancelled`, or `lost` (re-queued after the lease expired, or deleted).
 */
export async function renewLease(
  db: Db,
  jobId: string,
  owner: string,
  leaseMs: number,
  progress: JobProgressRow | null,
): Promise<'held' | LeaseLost['why']> {
  const held = await db
    .update(jobs)
    .set({ leaseExpiresAt: leaseUntil(leaseMs), ...(progress ? { progress } : {}) })
    .where(and(eq(jobs.id, jobId), eq(jobs.leaseOwner, owner), eq(jobs.status, 'running')))
    .returning({ id: jobs.id });
  if (held.length) return 'held';
  const [row] = await db.select({ status: jobs.status }).from(jobs).where(eq(jobs.id, jobId));
  return row?.status === 'cancelled' ? 'cancelled' : 'lost';
}

/** Inside a transaction: the job's row, locked, if `owner` still holds it; else LeaseLost. */
export async function lockLease(tx: Tx, jobId: string, owner: string): Promise<JobRow> {
  const [row] = await tx.select().from(jobs).where(eq(jobs.id, jobId)).for('update');
  if (row?.status === 'running' && row.leaseOwner === owner) return row;
  throw new LeaseLost(row?.status === 'cancelled' ? 'cancelled' : 'lost');
}
