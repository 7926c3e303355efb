import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as signup from '@/app/api/auth/signup/route';
import * as invite1 from '@/app/api/workspaces/[id]/invites/[inviteId]/route';
import * as invites from '@/app/api/workspaces/[id]/invites/route';
import * as member from '@/app/api/workspaces/[id]/members/[userId]/route';
import * as workspaces from '@/app/api/workspaces/route';
import type { Database } from '@/db/client';
import { auditEvents, memberships, users } from '@/db/schema';
import { type Client, call, signUpClient } from '../helpers/http';
import { freshDatabase } from '../helpers/test-db';

let database: Database;
let alice: Client;
let bob: Client;

const PASSWORD = 'correct horse battery';

async function team(name: string): Promise<string> {
  return (await (await call(workspaces.POST, { client: alice, body: { name } })).json()).workspace
    .id;
}

async function invite(by: Client, ws: string, email: string, role: string) {
  const res = await call(invites.POST, { client: by, params: { id: ws }, body: { email, role } });
  expect(res.status).toBe(201);
  return (await res.json()) as { added: boolean; token: string | null };
}

const signUpWith = (email: string, inviteToken: string) =>
  call(signup.POST, { body: { email, name: 'New', password: PASSWORD, inviteToken } });

async function roleIn(ws: string, email: string): Promise<string | null> {
  const [m] = await database.db
    .select({ role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, ws), eq(users.email, email)));
  return m?.role ?? null;
}

beforeAll(async () => {
  database = await freshDatabase();
  await signUpClient('root@example.com');
  alice = await signUpClient('alice@example.com');
  bob = await signUpClient('bob@example.com');
});
afterAll(() => database.close());

describe('an invite is checked again when it is used', () => {
  it('an owner invite minted by an owner since removed makes nobody an owner', async () => {
    const ws = await team('Removed inviter');
    await invite(alice, ws, 'bob@example.com', 'owner');
    const { token } = await invite(alice, ws, 'alice.alt@example.com', 'owner');
    const removed = await call(member.DELETE, {
      client: bob,
      method: 'DELETE',
      params: { id: ws, userId: alice.user.id },
    });
    expect(removed.status).toBe(204);
    const res = await signUpWith('alice.alt@example.com', token!);
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toBe(
      'this invite is no longer valid; ask an owner of the workspace for a new one',
    );
    expect(await roleIn(ws, 'alice.alt@example.com')).toBeNull();
  });

  it('an invite minted by an owner since made an editor grants nothing', async () => {
    const ws = await team('Demoted inviter');
    await invite(alice, ws, 'bob@example.com', 'owner');
    const { token } = await invite(alice, ws, 'alice.demoted@example.com', 'owner');
    const demoted = await call(member.PATCH, {
      client: bob,
      method: 'PATCH',
      params: { id: ws, userId: alice.user.id },
      body: { role: 'editor' },
    });
    expect(demoted.status).toBe(204);
    expect((await signUpWith('alice.demoted@example.com', token!)).status).toBe(400);
    expect(await roleIn(ws, 'alice.demoted@example.com')).toBeNull();
  });

  it('an invite whose inviter is still an owner lets its email in with its role', async () => {
    const ws = await team('Still owner');
    const { token } = await invite(alice, ws, 'carol@example.com', 'editor');
    expect((await signUpWith('carol@example.com', token!)).status).toBe(201);
    expect(await roleIn(ws, 'carol@example.com')).toBe('editor');
    // Good once.
    expect((await signUpWith('carol@example.com', token!)).status).toBe(400);
  });
});

type Pending = { id: string; email: string; role: string; expiresAt: string };
const pending = async (by: Client, ws: string): Promise<Pending[]> =>
  (await (await call(invites.GET, { client: by, params: { id: ws } })).json()).invites;

describe('revoking an invite', () => {
  it('an owner revokes a pending invite: audited, no longer listed, and its link opens nothing', async () => {
    const ws = await team('Revocable');
    const { token } = await invite(alice, ws, 'dana@example.com', 'owner');
    const [inv] = await pending(alice, ws);
    expect(inv).toMatchObject({ email: 'dana@example.com', role: 'owner' });
    const res = await call(invite1.DELETE, {
      client: alice,
      method: 'DELETE',
      params: { id: ws, inviteId: inv.id },
    });
    expect(res.status).toBe(204);
    expect(await pending(alice, ws)).toEqual([]);
    const [event] = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'invite.revoked'));
    expect(event).toMatchObject({
      actor: `user:${alice.user.id}`,
      subject: `workspace:${ws}`,
      workspaceId: ws,
      payload: { inviteId: inv.id },
    });
    const used = await signUpWith('dana@example.com', token!);
    expect(used.status).toBe(400);
    expect(await roleIn(ws, 'dana@example.com')).toBeNull();
  });

  it('an editor can neither list nor revoke invites; an accepted one is not revocable', async () => {
    const ws = await team('Guarded');
    await invite(alice, ws, 'bob@example.com', 'editor');
    const { token } = await invite(alice, ws, 'erin@example.com', 'viewer');
    const [inv] = await pending(alice, ws);
    expect((await call(invites.GET, { client: bob, params: { id: ws } })).status).toBe(403);
    const params = { id: ws, inviteId: inv.id };
    expect((await call(invite1.DELETE, { client: bob, method: 'DELETE', params })).status).toBe(
      403,
    );
    expect((await signUpWith('erin@example.com', token!)).status).toBe(201);
    const late = await call(invite1.DELETE, { client: alice, method: 'DELETE', params });
    expect(late.status).toBe(409);
    expect(await roleIn(ws, 'erin@example.com')).toBe('viewer');
  });
});
