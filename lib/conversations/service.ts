import { and, desc, eq, ilike } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { conversations } from '../../db/schema';
import { liveTurns } from '../assistant/live-turns';
import { appendAudit } from '../audit/chain';
import { conversationBlobs, removeOrphans } from '../references/store';
import { type Member, type Principal, requireAccess, requireRole } from '../workspaces/access';
import { loadConversation } from './load';

export const Title = z.string().trim().min(1, 'the title cannot be empty').max(200);

export async function listConversations(db: Db, who: Member, workspaceId: string, q?: string) {
  await requireRole(db, who, workspaceId, 'viewer');
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
  await requireAccess(db, who, workspaceId, 'editor');
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
      conversationId: c.id,
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
      conversationId: id,
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
    turn.stop(who.actor, 'conversation deleted');
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
      conversationId: id,
    });
    return files;
  });
  await removeOrphans(db, blobs);
}
