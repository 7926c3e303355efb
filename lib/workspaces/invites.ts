import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../../db/client';
import { invites, MEMBER_ROLES, memberships, users, workspaces } from '../../db/schema';
import { appendAudit } from '../audit/chain';
import { newToken, sha256Hex } from '../auth/tokens';
import { AppError, notFound } from '../errors';
import { atLeast, type Member, managingRole, requireRole } from './access';
import { lockMembers } from './members';

export const InviteInput = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('enter a valid email address')),
  role: z.enum(MEMBER_ROLES),
});

/** An invite link is a bearer pass into a workspace: it is good once, for its email, for two weeks. */
export const INVITE_TTL_MS = 14 * 24 * 60 * 60_000;

export type InviteRow = typeof invites.$inferSelect;

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
    await requireRole(tx, who, workspaceId, managingRole(who));
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

/** Invites not used yet and not expired, oldest first: for those who may invite. */
export async function listInvites(db: Db, who: Member, workspaceId: string) {
  await requireRole(db, who, workspaceId, managingRole(who));
  const rows = await db
    .select({
      id: invites.id,
      email: invites.email,
      role: invites.role,
      invitedBy: users.name,
      createdAt: invites.createdAt,
    })
    .from(invites)
    .innerJoin(users, eq(users.id, invites.createdBy))
    .where(
      and(
        eq(invites.workspaceId, workspaceId),
        isNull(invites.acceptedAt),
        gt(invites.createdAt, new Date(Date.now() - INVITE_TTL_MS)),
      ),
    )
    .orderBy(asc(invites.createdAt));
  return rows.map((r) => ({
    ...r,
    expiresAt: new Date(r.createdAt.getTime() + INVITE_TTL_MS),
  }));
}

/**
 * Withdraws an invite not used yet: its row goes (the audit event keeps the record), so its link
 * opens nothing. One already accepted made a member, who is removed as members are.
 */
export async function revokeInvite(db: Db, who: Member, workspaceId: string, inviteId: string) {
  await db.transaction(async (tx) => {
    await lockMembers(tx, workspaceId);
    await requireRole(tx, who, workspaceId, managingRole(who));
    const [row] = await tx
      .select()
      .from(invites)
      .where(and(eq(invites.id, inviteId), eq(invites.workspaceId, workspaceId)));
    if (!row) throw notFound('invite');
    if (row.acceptedAt)
      throw new AppError('conflict', 'this invite was already used; remove the member instead');
    await tx.delete(invites).where(eq(invites.id, inviteId));
    await appendAudit(tx, {
      actor: who.actor,
      action: 'invite.revoked',
      subject: `workspace:${workspaceId}`,
      workspaceId,
      payload: { inviteId, emailSha256: sha256Hex(row.email), role: row.role },
    });
  });
}

const noLongerValid = () =>
  new AppError(
    'bad_request',
    'this invite is no longer valid; ask an owner of the workspace for a new one',
  );

/**
 * Inside the sign-up's transaction: the invite `token` names, if it is still good for `email`. Not
 * used, not expired, not revoked (its row is gone), and its inviter could still mint it: an owner
 * (or the admin) of the workspace now, read under the workspace's member lock, so an owner removed
 * or demoted after inviting cannot come back through a link minted before.
 */
export async function acceptableInvite(tx: Tx, token: string, email: string): Promise<InviteRow> {
  const find = () =>
    tx
      .select()
      .from(invites)
      .where(and(eq(invites.tokenHash, sha256Hex(token)), isNull(invites.acceptedAt)))
      .then((rows) => rows.at(0));
  let row = await find();
  if (row) {
    // Read again under the lock: a revocation that held it has committed by now.
    await lockMembers(tx, row.workspaceId);
    row = await find();
  }
  if (!row || row.email !== email)
    throw new AppError('bad_request', 'this invite is not valid for this email');
  if (Date.now() - row.createdAt.getTime() > INVITE_TTL_MS)
    throw new AppError('bad_request', 'this invite has expired; ask for a new one');
  const [inviter] = await tx
    .select({ role: memberships.role, isAdmin: users.isAdmin })
    .from(users)
    .leftJoin(
      memberships,
      and(eq(memberships.userId, users.id), eq(memberships.workspaceId, row.workspaceId)),
    )
    .where(eq(users.id, row.createdBy));
  if (!inviter?.role || !atLeast(inviter.role, managingRole(inviter))) throw noLongerValid();
  return row;
}
