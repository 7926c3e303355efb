import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client';
import { type MessageStatus, messages } from '../../db/schema';
import { SYSTEM } from '../audit/actors';
import { appendAudit } from '../audit/chain';
import { canonicalSha256, errorDigest } from '../audit/digest';
import type { ToolEvent } from '../audit/tool-events';

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

/** An assistant message being written, and who its turn runs for. */
export type AssistantIds = {
  id: string;
  conversationId: string;
  workspaceId: string;
  actor: string;
};

export type TurnEnd = {
  parts: unknown[];
  status: FinalStatus;
  error: string | null;
  /** Tool calls and results the parts show that no snapshot has recorded. */
  toolEvents: ToolEvent[];
  /** Who stopped the turn (Stop, deleting the conversation, the server stopping), and why. */
  stoppedBy?: { actor: string; reason: string } | null;
};

async function appendToolEvents(tx: Tx, ids: AssistantIds, events: ToolEvent[]) {
  for (const e of events)
    await appendAudit(tx, {
      actor: ids.actor,
      action: e.action,
      // Call ids are the model's and need not be unique beyond the message.
      subject: `tool_call:${ids.id}/${e.toolCallId}`,
      workspaceId: ids.workspaceId,
      conversationId: ids.conversationId,
      payload: { messageId: ids.id, ...e.payload },
    });
}

/**
 * Stores a snapshot of a streaming answer; the tool calls and results it shows for the first time
 * (`events`) are audited in the same transaction. False when the row is no longer streaming.
 */
export async function snapshotAssistantMessage(
  db: Db,
  ids: AssistantIds,
  parts: unknown[],
  events: ToolEvent[],
): Promise<boolean> {
  if (!events.length) return touchStreaming(db, ids.id, parts);
  return db.transaction(async (tx) => {
    if (!(await touchStreaming(tx, ids.id, parts))) return false;
    await appendToolEvents(tx, ids, events);
    return true;
  });
}

/**
 * The final row and its audit event; a stopped turn's event is the stopper's. Only a row still
 * `streaming` is finished: one a sweep already marked `interrupted` stays so, and false is returned.
 */
export async function finishAssistantMessage(
  db: Db,
  ids: AssistantIds,
  end: TurnEnd,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const finished = await tx
      .update(messages)
      .set({ parts: end.parts, status: end.status, error: end.error, updatedAt: new Date() })
      .where(and(eq(messages.id, ids.id), eq(messages.status, 'streaming')))
      .returning({ id: messages.id });
    if (!finished.length) return false;
    await appendToolEvents(tx, ids, end.toolEvents);
    await appendAudit(tx, {
      actor: end.stoppedBy?.actor ?? ids.actor,
      action: ACTION[end.status],
      subject: `message:${ids.id}`,
      workspaceId: ids.workspaceId,
      conversationId: ids.conversationId,
      payload: {
        partsSha256: canonicalSha256(end.parts),
        ...errorDigest(end.error),
        ...(end.stoppedBy ? { reason: end.stoppedBy.reason, startedBy: ids.actor } : {}),
      },
    });
    return true;
  });
}

/**
 * How often a running turn stamps its row, output or not (a long tool call, a slow model): a sweep
 * on a shared server takes a row for a dead process's only when it missed several of these.
 */
export const STREAMING_HEARTBEAT_MS = 15_000;

/**
 * Marks `streaming` rows left by a process that died as `interrupted`. With PGlite the data-dir lock
 * guarantees no other live process, so every such row is stale; on a shared server only rows without
 * a heartbeat for `staleAfterMs`, measured by the database's clock (the one heartbeats are stamped
 * with), so clocks of the processes' machines do not matter.
 */
export async function sweepInterrupted(db: Db, staleAfterMs: number): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(messages)
      .set({ status: 'interrupted', updatedAt: new Date() })
      .where(
        staleAfterMs > 0
          ? and(
              eq(messages.status, 'streaming'),
              lt(
                messages.updatedAt,
                sql`now() - ${staleAfterMs}::integer * interval '1 millisecond'`,
              ),
            )
          : eq(messages.status, 'streaming'),
      )
      .returning({ id: messages.id, conversationId: messages.conversationId });
    for (const r of rows) {
      await appendAudit(tx, {
        actor: SYSTEM,
        action: 'message.interrupted',
        subject: `message:${r.id}`,
        conversationId: r.conversationId,
        payload: { reason: 'process ended during the turn' },
      });
    }
    return rows.length;
  });
}

/**
 * Stamps a streaming row (with its latest parts, if given). False when the row is no longer
 * `streaming` (a sweep or another process finished it).
 */
export async function touchStreaming(db: DbOrTx, id: string, parts?: unknown[]): Promise<boolean> {
  const rows = await db
    .update(messages)
    .set(parts ? { parts, updatedAt: sql`now()` } : { updatedAt: sql`now()` })
    .where(and(eq(messages.id, id), eq(messages.status, 'streaming')))
    .returning({ id: messages.id });
  return rows.length > 0;
}
