import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { memberships, users, workspaces } from '../../db/schema';
import { appendAudit } from '../audit/chain';
import { type Member, requireRole } from './access';

export const WorkspaceName = z.string().trim().min(1, 'name the workspace').max(80);

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
