import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { invites, MEMBER_ROLES, memberships, users, workspaces } from '../../db/schema';
import { appendAudit } from '../audit/chain';
import { newToken, sha256Hex } from '../auth/tokens';
import { AppError } from '../errors';
import { type Member, requireRole } from './access';
import { lockMembers } from './members';

export const WorkspaceName = z.string().trim().min(1, 'name the workspace').max(80);
export const InviteInput = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('enter a valid email address')),
  role: z.enum(MEMBER_ROLES),
});

export async function listWorkspaces(db: Db, who: Member) {
  return db
    .select({
      id: workspaces.id,
      name: workspaces.name,
      role: memberships.role,
      personal: workspaces.personalOwnerId,
    })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, who.userId))
    .orderBy(asc(workspaces.createdAt))
    .then((rows) => rows.map((r) => ({ ...r, personal: r.personal === who.userId })));
}

export async function createWorkspace(db: Db, who: Member, name: string) {
  return db.transaction(async (tx) => {
    const [ws] = await tx
      .insert(workspaces)
      .values({ name })
      .returning({ id: workspaces.id, name: workspaces.name });
    await tx.insert(memberships).values({ workspaceId: ws.id, userId: who.userId, role: 'owner' });
    await appendAudit(tx, {
      actor: who.actor,
      action: 'workspace.created',
      subject: `workspace:${ws.id}`,
      workspaceId: ws.id,
    });
    return { ...ws, role: 'owner' as const, personal: false };
  });
}

export async function listMembers(db: Db, who: Member, workspaceId: string) {
  await requireRole(db, who, workspaceId, 'viewer');
  return db
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, workspaceId))
    .orderBy(asc(memberships.createdAt));
}

/**
 * Owners (and the instance admin, within workspaces they belong to) invite by email. An existing
 * account is added at once; otherwise the returned token lets that email sign up even when sign-up
 * is closed.
 */
export async function invite(
  db: Db,
  who: Member,
  workspaceId: string,
  input: z.infer<typeof InviteInput>,
) {
  return db.transaction(async (tx) => {
    await lockMembers(tx, workspaceId);
    await requireRole(tx, who, workspaceId, who.isAdmin ? 'viewer' : 'owner');
    const [ws] = await tx
      .select({ personal: workspaces.personalOwnerId })
      .from(workspaces)
      .where(eq(workspaces.id, workspaceId));
    if (ws?.personal)
      throw new AppError(
        'bad_request',
        'a personal workspace has no other members; create a team workspace',
      );
    const [existing] = await tx
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, input.email));
    const actor = who.actor;
    if (existing) {
      const [already] = await tx
        .select()
        .from(memberships)
        .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, existing.id)));
      if (already) throw new AppError('conflict', 'this person is already a member');
      await tx.insert(memberships).values({ workspaceId, userId: existing.id, role: input.role });
      await appendAudit(tx, {
        actor,
        action: 'membership.added',
        subject: `workspace:${workspaceId}`,
        workspaceId,
        payload: { userId: existing.id, role: input.role },
      });
      return { added: true as const, token: null };
    }
    const token = newToken();
    const [row] = await tx
      .insert(invites)
      .values({
        workspaceId,
        email: input.email,
        role: input.role,
        tokenHash: sha256Hex(token),
        createdBy: who.userId,
      })
      .returning({ id: invites.id });
    await appendAudit(tx, {
      actor,
      action: 'invite.created',
      subject: `workspace:${workspaceId}`,
      workspaceId,
      payload: { inviteId: row.id, emailSha256: sha256Hex(input.email), role: input.role },
    });
    return { added: false as const, token };
  });
}
