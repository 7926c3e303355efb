import type { Db } from '../../db/client';
import { liveTurns } from '../assistant/live-turns';
import { AppError } from '../errors';
import { importedFrom } from '../packages/imported';
import { conversationReviews } from '../reviews/review';
import { type Member, requireRole } from '../workspaces/access';
import { loadConversation } from './load';
import { listMessages } from './messages';
import { renameConversation } from './service';
import { setViewedLeaf, viewedLeaf } from './viewed-branch';

/**
 * Everything the chat view needs: every branch's messages, the branch this member views, and
 * whether a turn is running now.
 */
export async function conversationView(db: Db, who: Member, id: string) {
  const c = await loadConversation(db, who, id, 'viewer');
  const role = await requireRole(db, who, c.workspaceId, 'viewer');
  const rows = await listMessages(db, id);
  return {
    conversation: {
      id: c.id,
      title: c.title,
      workspaceId: c.workspaceId,
      activeLeafId: await viewedLeaf(db, who.userId, c, rows),
      /** Where an imported (read-only) conversation came from; null for one made here. */
      imported: importedFrom(c),
    },
    messages: rows.map(({ authorId, conversationId, updatedAt, ...m }) => m),
    live: liveTurns().has(id),
    role,
    /** The current review of each reviewed image of the conversation, by image id. */
    reviews: await conversationReviews(db, id),
  };
}

/**
 * Access first, then every part of the patch checked before any is written: a refused patch changes
 * nothing. `activeLeafId` is the branch the caller views, theirs alone.
 */
export async function updateConversation(
  db: Db,
  who: Member,
  id: string,
  patch: { title?: string; activeLeafId?: string },
) {
  await loadConversation(db, who, id, 'viewer');
  const rows = await listMessages(db, id);
  if (patch.activeLeafId !== undefined && !rows.some((r) => r.id === patch.activeLeafId))
    throw new AppError('bad_request', 'activeLeafId is not a message of this conversation');
  if (patch.title !== undefined) await renameConversation(db, who, id, patch.title);
  if (patch.activeLeafId !== undefined) await setViewedLeaf(db, who, id, patch.activeLeafId);
  const c = await loadConversation(db, who, id, 'viewer');
  return { ...c, activeLeafId: await viewedLeaf(db, who.userId, c, rows) };
}
