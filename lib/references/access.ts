import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { references, workspaces } from '../../db/schema';
import { loadConversation } from '../conversations/load';
import { assertWritable } from '../conversations/read-only';
import { AppError, notFound } from '../errors';
import {
  isMember,
  type Principal,
  type Role,
  requireAccess,
  requireRole,
} from '../workspaces/access';

export type Target = { workspaceId: string; conversationId: string | null };
export type ReferenceRow = typeof references.$inferSelect;

/**
 * Where references go or are listed from: a conversation (its workspace is implied) or a whole
 * workspace. Members need `need`; the local operator (CLI) is whoever can read the data root.
 */
export async function resolveTarget(
  db: DbOrTx,
  who: Principal,
  t: { conversationId?: string; workspaceId?: string },
  need: Role,
): Promise<Target> {
  if (t.conversationId) {
    const c = await loadConversation(db, who, t.conversationId, need);
    // Asked for as an editor: a reference is being added, which an imported conversation refuses.
    if (need !== 'viewer') assertWritable(c);
    if (t.workspaceId && t.workspaceId !== c.workspaceId)
      throw new AppError('bad_request', 'the conversation does not belong to that workspace');
    return { workspaceId: c.workspaceId, conversationId: c.id };
  }
  if (!t.workspaceId) throw new AppError('bad_request', 'give a conversationId or a workspaceId');
  if (isMember(who)) await requireRole(db, who, t.workspaceId, need);
  else if (
    !(
      await db
        .select({ id: workspaces.id })
        .from(workspaces)
        .where(eq(workspaces.id, t.workspaceId))
    ).length
  )
    throw notFound('workspace');
  return { workspaceId: t.workspaceId, conversationId: null };
}

/** A reference for a member of its workspace with at least `need`; anyone else reads "not found". */
export async function loadReference(
  db: DbOrTx,
  who: Principal,
  id: string,
  need: Role,
): Promise<ReferenceRow> {
  const [row] = await db.select().from(references).where(eq(references.id, id));
  if (!row) throw notFound('reference');
  await requireAccess(db, who, row.workspaceId, need, 'reference');
  return row;
}
