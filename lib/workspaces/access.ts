import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { memberships } from '../../db/schema';
import { AppError, notFound } from '../errors';

export type Role = 'owner' | 'editor' | 'viewer';
const RANK: Record<Role, number> = { viewer: 0, editor: 1, owner: 2 };

/**
 * Not being a member reads as "not found", so ids of other workspaces reveal nothing; being a
 * member with too low a role is "forbidden".
 */
export async function requireRole(
  db: DbOrTx,
  userId: string,
  workspaceId: string,
  need: Role,
  what = 'workspace',
): Promise<Role> {
  const [m] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.workspaceId, workspaceId)));
  if (!m) throw notFound(what);
  checkRole(m.role, need);
  return m.role;
}

export function checkRole(role: Role, need: Role): void {
  if (RANK[role] < RANK[need])
    throw new AppError('forbidden', `your role (${role}) cannot do this; it needs ${need}`);
}
