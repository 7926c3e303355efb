import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { type MessageStatus, messages } from '../../db/schema';
import { SYSTEM } from '../audit/actors';
import { appendAudit } from '../audit/chain';
import { canonicalSha256 } from '../audit/digest';

export type MessageRow = typeof messages.$inferSelect;

export async function listMessages(db: DbOrTx, conversationId: string): Promise<MessageRow[]> {
  return db
    .select()
    .from(messages)
    .where(eq(messages.conversationId, conversationId))
    .orderBy(asc(messages.createdAt), asc(messages.id));
}

/** Root-to-leaf path ending at `leafId`, following parent ids. */
export function branchTo(rows: MessageRow[], leafId: string | null): MessageRow[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const path: MessageRow[] = [];
  for (
    let cur = leafId ? byId.get(leafId) : undefined;
    cur;
    cur = cur.parentId ? byId.get(cur.parentId) : undefined
  ) {
    path.push(cur);
    if (path.length > rows.length) break;
  }
  return path.reverse();
}

export type FinalStatus = Exclude<MessageStatus, 'streaming'>;
const ACTION: Record<FinalStatus, string> = {
  complete: 'message.completed',
  error: 'message.failed',
  interrupted: 'message.interrupted',
};

export async function finishAssistantMessage(
  db: Db,
  ids: { id: string; conversationId: string; workspaceId: string; actor: string },
  parts: unknown[],
  status: FinalStatus,
  error: string | null,
) {
  await db.transaction(async (tx) => {
    await tx
      .update(messages)
      .set({ parts, status, error, updatedAt: new Date() })
      .where(eq(messages.id, ids.id));
    await appendAudit(tx, {
      actor: ids.actor,
      action: ACTION[status],
      subject: `message:${ids.id}`,
      workspaceId: ids.workspaceId,
      payload: { conversationId: ids.conversationId, partsSha256: canonicalSha256(parts) },
    });
  });
}

/**
 * Marks `streaming` rows left by a process that died as `interrupted`. With PGlite the data-dir lock
 * guarantees no other live process, so every such row is stale; on a shared server only rows without
 * a recent heartbeat are.
 */
export async function sweepInterrupted(db: Db, staleAfterMs: number): Promise<number> {
  const cutoff = new Date(Date.now() - staleAfterMs);
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(messages)
      .set({ status: 'interrupted', updatedAt: new Date() })
      .where(
        staleAfterMs > 0
          ? and(eq(messages.status, 'streaming'), lt(messages.updatedAt, cutoff))
          : eq(messages.status, 'streaming'),
      )
      .returning({ id: messages.id, conversationId: messages.conversationId });
    for (const r of rows) {
      await appendAudit(tx, {
        actor: SYSTEM,
        action: 'message.interrupted',
        subject: `message:${r.id}`,
        payload: { conversationId: r.conversationId, reason: 'process ended during the turn' },
      });
    }
    return rows.length;
  });
}

export async function touchStreaming(db: DbOrTx, id: string, parts: unknown[]): Promise<void> {
  await db
    .update(messages)
    .set({ parts, updatedAt: sql`now()` })
    .where(and(eq(messages.id, id), eq(messages.status, 'streaming')));
}
