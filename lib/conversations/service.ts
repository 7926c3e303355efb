import { and, desc, eq, ilike } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx } from '../../db/client';
import { conversations, memberships } from '../../db/schema';
import { liveTurns } from '../assistant/live-turns';
import { appendAudit } from '../audit/chain';
import { notFound } from '../errors';
import { conversationBlobs, removeOrphans } from '../references/store';
import { checkRole, type Role, requireRole } from '../workspaces/access';

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

export const Title = z.string().trim().min(1, 'the title cannot be empty').max(200);
export type Principal = { userId: string | null; actor: string };

/** Loads a conversation after checking the principal's role in its workspace; other workspaces read as 404. */
export async function loadConversation(db: DbOrTx, who: Principal, id: string, need: Role) {
  // The local operator (CLI) is whoever can read the data root: no membership applies.
  const [row] = await db
    .select({ c: conversations, role: memberships.role })
    .from(conversations)
    .leftJoin(
      memberships,
      and(
        eq(memberships.workspaceId, conversations.workspaceId),
        eq(memberships.userId, who.userId ?? NIL_UUID),
      ),
    )
    .where(eq(conversations.id, id));
  if (!row || (who.userId && !row.role)) throw notFound('conversation');
  if (who.userId) checkRole(row.role!, need);
  return row.c;
}

export async function listConversations(
  db: Db,
  who: Principal & { userId: string },
  workspaceId: string,
  q?: string,
) {
  await requireRole(db, who.userId, workspaceId, 'viewer');
  const where = q
    ? and(
        eq(conversations.workspaceId, workspaceId),
        ilike(conversations.title, `%${q.replace(/[%_\\]/g, '\\$&')}%`),
      )
    : eq(conversations.workspaceId, workspaceId);
  return db
    .select({
      id: conversations.id,
      title: conversations.title,
      updatedAt: conversations.updatedAt,
    })
    .from(conversations)
    .where(where)
    .orderBy(desc(conversations.updatedAt))
    .limit(200);
}

export async function createConversation(
  db: Db,
  who: Principal,
  workspaceId: string,
  title = 'New conversation',
) {
  if (who.userId) await requireRole(db, who.userId, workspaceId, 'editor');
  return db.transaction(async (tx) => {
    const [c] = await tx
      .insert(conversations)
      .values({ workspaceId, title, createdBy: who.userId })
      .returning();
    await appendAudit(tx, {
      actor: who.actor,
      action: 'conversation.created',
      subject: `conversation:${c.id}`,
      workspaceId,
    });
    return c;
  });
}

export async function renameConversation(db: Db, who: Principal, id: string, title: string) {
  const c = await loadConversation(db, who, id, 'editor');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(conversations)
      .set({ title, updatedAt: new Date() })
      .where(eq(conversations.id, id))
      .returning();
    await appendAudit(tx, {
      actor: who.actor,
      action: 'conversation.renamed',
      subject: `conversation:${id}`,
      workspaceId: c.workspaceId,
    });
    return row;
  });
}

/**
 * Deletes the conversation (its messages, references and generations cascade), then the files no
 * other row names. A turn still running is stopped first and ends as it would on Stop, so nothing
 * it writes afterwards (images, audit events) names rows that are gone.
 */
export async function deleteConversation(db: Db, who: Principal, id: string) {
  const c = await loadConversation(db, who, id, 'editor');
  const turn = liveTurns().get(id);
  if (turn) {
    turn.abort.abort(new Error('the conversation was deleted'));
    await turn.done;
  }
  const blobs = await db.transaction(async (tx) => {
    const files = await conversationBlobs(tx, id);
    await tx.delete(conversations).where(eq(conversations.id, id));
    await appendAudit(tx, {
      actor: who.actor,
      action: 'conversation.deleted',
      subject: `conversation:${id}`,
      workspaceId: c.workspaceId,
    });
    return files;
  });
  await removeOrphans(db, blobs);
}

export async function setActiveLeaf(db: Db, who: Principal, id: string, leafId: string) {
  await loadConversation(db, who, id, 'viewer');
  await db.update(conversations).set({ activeLeafId: leafId }).where(eq(conversations.id, id));
}
