import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { jobs } from '../../db/schema';
import { xactLock } from '../../db/xact-lock';
import { appendAudit } from '../audit/chain';
import { canonicalSha256 } from '../audit/digest';
import { AppError } from '../errors';
import type { JobConfig } from './config';
import type { Dispatch } from './dispatch';

export type NewJob = {
  kind: 'image';
  workspaceId: string;
  conversationId: string | null;
  messageId: string | null;
  actor: string;
  payload: Record<string, unknown>;
  /** Jobs with equal keys may render together (lib/jobs/batch-key.ts). */
  batchKey?: string | null;
  /** Overrides the configured time limit (tests; a request known to be long). */
  timeLimitMs?: number;
};

/** 1 for the job a worker takes next; 0 once it is no longer queued (or gone). */
export async function jobPosition(db: DbOrTx, jobId: string): Promise<number> {
  const mine = eq(jobs.id, jobId);
  const [me] = await db.select({ status: jobs.status }).from(jobs).where(mine);
  if (me?.status !== 'queued') return 0;
  // Claimed oldest first (lib/jobs/lease.ts): the queued jobs created before this one are ahead.
  const key = db.select({ createdAt: jobs.createdAt, id: jobs.id }).from(jobs).where(mine);
  const [{ ahead }] = await db
    .select({ ahead: count() })
    .from(jobs)
    .where(and(eq(jobs.status, 'queued'), sql`(${jobs.createdAt}, ${jobs.id}) < (${key})`));
  return ahead + 1;
}

/**
 * Queues a job, audited `job.queued`, and hands it to the dispatch in the same transaction. One
 * person may have at most `perUser` jobs queued or running: past that it is a 429.
 */
export async function enqueueJob(
  db: Db,
  dispatch: Dispatch,
  config: JobConfig,
  job: NewJob,
): Promise<{ id: string; position: number }> {
  const queued = await db.transaction(async (tx) => {
    // Two requests of one person at once: the second counts the first.
    await xactLock(tx, `atelier-jobs:${job.actor}`);
    const [{ n }] = await tx
      .select({ n: count() })
      .from(jobs)
      .where(and(eq(jobs.actor, job.actor), inArray(jobs.status, ['queued', 'running'])));
    if (n >= config.perUser)
      throw new AppError(
        'rate_limited',
        `at most ${config.perUser} image ${config.perUser === 1 ? 'job' : 'jobs'} may be queued or rendering at once per person; wait for one to finish`,
      );
    const timeLimitMs = job.timeLimitMs ?? config.timeLimitMs;
    const [row] = await tx
      .insert(jobs)
      .values({
        kind: job.kind,
        workspaceId: job.workspaceId,
        conversationId: job.conversationId,
        messageId: job.messageId,
        actor: job.actor,
        status: 'queued',
        payload: job.payload,
        batchKey: job.batchKey ?? null,
        maxAttempts: config.maxAttempts,
        timeLimitMs,
      })
      .returning({ id: jobs.id });
    const position = await jobPosition(tx, row.id);
    await appendAudit(tx, {
      actor: job.actor,
      action: 'job.queued',
      subject: `job:${row.id}`,
      workspaceId: job.workspaceId,
      conversationId: job.conversationId,
      payload: {
        kind: job.kind,
        position,
        maxAttempts: config.maxAttempts,
        timeLimitMs,
        payloadSha256: canonicalSha256(job.payload),
      },
    });
    await dispatch.send(tx, row.id, 0);
    return { id: row.id, position };
  });
  dispatch.nudge();
  return queued;
}
