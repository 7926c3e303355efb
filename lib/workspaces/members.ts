import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../../db/client';
import { MEMBER_ROLES, memberships, workspaces } from '../../db/schema';
import { xactLock } from '../../db/xact-lock';
import { appendAudit } from '../audit/chain';
import { AppError, notFound } from '../errors';
import { type Member, managingRole, type Role, requireRole } from './access';

export const RoleInput = z.object({ role: z.enum(MEMBER_ROLES) });

async function loadTarget(tx: Tx, workspaceId: string, userId: string) {
  const [m] = await tx
    .select()
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  if (!m) throw notFound('member');
  return m;
}

/**
 * One membership change of a workspace at a time, until the transaction ends: the acting member's
 * role and the count of owners are read under it, so two owners demoting each other at once cannot
 * leave the workspace with none (and an owner removed meanwhile cannot still invite).
 */
export async function lockMembers(tx: Tx, workspaceId: string): Promise<void> {
  await xactLock(tx, `atelier-members:${workspaceId}`);
}

/** A workspace never loses its last owner, and a personal workspace never changes hands. */
async function guardOwners(tx: Tx, workspaceId: string, target: { role: Role }, next: Role | null) {
  const [ws] = await tx
    .select({ personal: workspaces.personalOwnerId })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  if (ws?.personal)
    throw new AppError('bad_request', 'the members of a personal workspace cannot change');
  if (target.role !== 'owner' || next === 'owner') return;
  const owners = await tx
    .select()
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, 'owner')));
  if (owners.length <= 1) throw new AppError('conflict', 'a workspace needs at least one owner');
}

export async function changeRole(
  db: Db,
  who: Member,
  workspaceId: string,
  targetId: string,
  role: Role,
) {
  await db.transaction(async (tx) => {
    await lockMembers(tx, workspaceId);
    await requireRole(tx, who, workspaceId, managingRole(who));
    const target = await loadTarget(tx, workspaceId, targetId);
    await guardOwners(tx, workspaceId, target, role);
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, targetId)));
    await appendAudit(tx, {
      actor: who.actor,
      action: 'membership.changed',
      subject: `workspace:${workspaceId}`,
      workspaceId,
      payload: { userId: targetId, from: target.role, to: role },
    });
  });
}

/** Owners remove anyone; every member may leave. */
export async function removeMember(db: Db, who: Member, workspaceId: string, targetId: string) {
  await db.transaction(async (tx) => {
    await lockMembers(tx, workspaceId);
    await requireRole(tx, who, workspaceId, targetId === who.userId ? 'viewer' : managingRole(who));
    const target = await loadTarget(tx, workspaceId, targetId);
    await guardOwners(tx, workspaceId, target, null);
    await tx
      .delete(memberships)
      .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, targetId)));
    await appendAudit(tx, {
      actor: who.actor,
      action: 'membership.removed',
      subject: `workspace:${workspaceId}`,
      workspaceId,
      payload: { userId: targetId, role: target.role },
    });
  });
}
