import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { memberships, type Role } from '../../db/schema';
import { AppError, notFound } from '../errors';

export type { Role };

/**
 * Who a service acts for. An account (`userId`) is held to its membership of the workspace that
 * owns what it touches; the local operator (the CLI, `userId` null) is whoever can read the data
 * root, so no membership applies. `actor` names it in audit events; `isAdmin` is the instance
 * admin's flag (never the operator's).
 */
export type Principal = { userId: string | null; actor: string; isAdmin: boolean };
/** A principal that is an account. */
export type Member = Principal & { userId: string };

export const isMember = (who: Principal): who is Member => who.userId !== null;

const RANK: Record<Role, number> = { viewer: 0, editor: 1, owner: 2 };

/**
 * Not being a member reads as "not found", so ids of other workspaces reveal nothing; being a
 * member with too low a role is "forbidden".
 */
export async function requireRole(
  db: DbOrTx,
  who: Member,
  workspaceId: string,
  need: Role,
  what = 'workspace',
): Promise<Role> {
  const [m] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.userId, who.userId), eq(memberships.workspaceId, workspaceId)));
  if (!m) throw notFound(what);
  checkRole(m.role, need);
  return m.role;
}

/** A member needs `need` in the workspace (as `requireRole`); the local operator always may. */
export async function requireAccess(
  db: DbOrTx,
  who: Principal,
  workspaceId: string,
  need: Role,
  what = 'workspace',
): Promise<void> {
  if (isMember(who)) await requireRole(db, who, workspaceId, need, what);
}

/**
 * The same check when the member's role was read with the row it guards: `role` null means not a
 * member ("not found"). The local operator always passes.
 */
export function checkAccess(who: Principal, role: Role | null, need: Role, what: string): void {
  if (!isMember(who)) return;
  if (!role) throw notFound(what);
  checkRole(role, need);
}

export const atLeast = (role: Role, need: Role): boolean => RANK[role] >= RANK[need];

/** The role that manages a workspace's members and invites: owner, or any role for the instance admin. */
export const managingRole = (who: { isAdmin: boolean }): Role => (who.isAdmin ? 'viewer' : 'owner');

export function checkRole(role: Role, need: Role): void {
  if (!atLeast(role, need))
    throw new AppError('forbidden', `your role (${role}) cannot do this; it needs ${need}`);
}
