import { and, eq, inArray, lt, notExists } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { generations, jobs } from '../../db/schema';
import { SYSTEM } from '../audit/actors';
import { appendAudit } from '../audit/chain';
import { errorDigest } from '../audit/digest';

/**
 * Generations a dead process left `queued` or `running` (a crash, a kill mid-render) are marked
 * failed, each with its audit event, when the database is opened: all of them on embedded PGlite
 * (one process holds it), those older than `staleAfterMs` on a shared server. A generation whose
 * job is still queued or running is the job's: the lease check re-queues or fails it
 * (`recoverExpiredJobs`).
 */
export async function sweepUnfinishedGenerations(db: Db, staleAfterMs: number): Promise<number> {
  const unfinished = and(
    inArray(generations.status, ['queued', 'running']),
    notExists(
      db
        .select({ id: jobs.id })
        .from(jobs)
        .where(
          and(eq(jobs.generationId, generations.id), inArray(jobs.status, ['queued', 'running'])),
        ),
    ),
  );
  const error = 'the process ended during the render';
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(generations)
      .set({
        status: 'error',
        error,
        finishedAt: new Date(),
      })
      .where(
        staleAfterMs > 0
          ? and(unfinished, lt(generations.createdAt, new Date(Date.now() - staleAfterMs)))
          : unfinished,
      )
      .returning({
        id: generations.id,
        workspaceId: generations.workspaceId,
        conversationId: generations.conversationId,
      });
    for (const r of rows) {
      await appendAudit(tx, {
        actor: SYSTEM,
        action: 'generation.failed',
        subject: `generation:${r.id}`,
        workspaceId: r.workspaceId,
        conversationId: r.conversationId,
        payload: { reason: 'process ended during the render', ...errorDigest(error) },
      });
    }
    return rows.length;
  });
}
