import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { conversationViews } from '../../db/schema';
import type { Member } from '../workspaces/access';
import type { MessageRow } from './messages';

/**
 * The leaf of the branch `userId` views: the one they chose, unless a turn started since (by anyone;
 * new content is shown, as it always was), else the conversation's default (`active_leaf_id`, where
 * the latest turn ended). A choice whose message is gone reads as none.
 */
export async function viewedLeaf(
  db: Db,
  userId: string,
  conversation: { id: string; activeLeafId: string | null },
  rows: ReadonlyArray<Pick<MessageRow, 'id' | 'createdAt'>>,
): Promise<string | null> {
  const [view] = await db
    .select()
    .from(conversationViews)
    .where(
      and(
        eq(conversationViews.userId, userId),
        eq(conversationViews.conversationId, conversation.id),
      ),
    );
  const latest = rows.find((r) => r.id === conversation.activeLeafId);
  if (!view || !rows.some((r) => r.id === view.leafId)) return conversation.activeLeafId;
  return latest && latest.createdAt > view.updatedAt ? latest.id : view.leafId;
}

/**
 * Records the branch `who` looks at, for them alone: any member may, since it changes what nobody
 * else sees (and so is not audited). The caller checks the leaf is a message of the conversation.
 */
export async function setViewedLeaf(
  db: Db,
  who: Member,
  conversationId: string,
  leafId: string,
): Promise<void> {
  await db
    .insert(conversationViews)
    .values({ userId: who.userId, conversationId, leafId })
    .onConflictDoUpdate({
      target: [conversationViews.userId, conversationViews.conversationId],
      set: { leafId, updatedAt: sql`now()` },
    });
}
