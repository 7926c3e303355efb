import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { conversations, memberships } from '../../db/schema';
import { notFound } from '../errors';
import { checkAccess, type Principal, type Role } from '../workspaces/access';

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * Loads a conversation after checking the principal's role in its workspace (other workspaces read
 * as 404), with that role: 'owner' for the local operator.
 */
export async function loadConversationAs(
  db: DbOrTx,
  who: Principal,
  id: string,
  need: Role,
): Promise<{ conversation: typeof conversations.$inferSelect; role: Role }> {
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
  if (!row) throw notFound('conversation');
  checkAccess(who, row.role, need, 'conversation');
  return { conversation: row.c, role: row.role ?? 'owner' };
}

/** Loads a conversation after checking the principal's role in its workspace; other workspaces read as 404. */
export async function loadConversation(db: DbOrTx, who: Principal, id: string, need: Role) {
  return (await loadConversationAs(db, who, id, need)).conversation;
}
