import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { searchRuns } from '../../../db/schema';
import { SYSTEM } from '../../audit/actors';
import { appendAudit } from '../../audit/chain';
import { errorDigest } from '../../audit/digest';

/**
 * Search runs a dead process left `running` (a crash, a kill mid-search) are marked failed, each
 * with its audit event, when the database is opened: all of them on embedded PGlite (one process
 * holds it), those older than `staleAfterMs` on a shared server.
 */
export async function sweepUnfinishedSearchRuns(db: Db, staleAfterMs: number): Promise<number> {
  const running = eq(searchRuns.status, 'running');
  const error = 'the process ended during the search';
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(searchRuns)
      .set({ status: 'error', error, finishedAt: new Date() })
      .where(
        staleAfterMs > 0
          ? and(running, lt(searchRuns.createdAt, new Date(Date.now() - staleAfterMs)))
          : running,
      )
      .returning({
        id: searchRuns.id,
        workspaceId: searchRuns.workspaceId,
        conversationId: searchRuns.conversationId,
      });
    for (const r of rows) {
      await appendAudit(tx, {
        actor: SYSTEM,
        action: 'search.failed',
        subject: `search_run:${r.id}`,
        workspaceId: r.workspaceId,
        conversationId: r.conversationId,
        payload: { reason: 'process ended during the search', ...errorDigest(error) },
      });
    }
    return rows.length;
  });
}
