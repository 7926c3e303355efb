import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as me from '@/app/api/auth/me/route';
import * as invites from '@/app/api/workspaces/[id]/invites/route';
import * as member from '@/app/api/workspaces/[id]/members/[userId]/route';
import * as members from '@/app/api/workspaces/[id]/members/route';
import * as workspaces from '@/app/api/workspaces/route';
import type { Database } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { verifyAuditChain } from '@/lib/audit/chain';
import { type Client, call, signUpClient } from '../helpers/http';
import { freshDatabase } from '../helpers/test-db';

let database: Database;
let owner: Client;
let ed: Client;
let outsider: Client;
let team: string;
const list = async () =>
  (await (await call(members.GET, { client: owner, params: { id: team } })).json())
    .members as Array<{ userId: string; role: string }>;

beforeAll(async () => {
  database = await freshDatabase();
  owner = await signUpClient('owner@example.com');
  ed = await signUpClient('ed@example.com');
  outsider = await signUpClient('out@example.com');
  team = (await (await call(workspaces.POST, { client: owner, body: { name: 'Studio' } })).json())
    .workspace.id;
  expect(
    (
      await call(invites.POST, {
        client: owner,
        params: { id: team },
        body: { email: 'ed@example.com', role: 'editor' },
      })
    ).status,
  ).toBe(201);
});
afterAll(() => database.close());

describe('membership changes', () => {
  it('an owner changes a role; an editor cannot; an outsider gets 404', async () => {
    const p = { id: team, userId: ed.user.id };
    expect(
      (
        await call(member.PATCH, {
          client: ed,
          method: 'PATCH',
          params: p,
          body: { role: 'owner' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call(member.PATCH, {
          client: outsider,
          method: 'PATCH',
          params: p,
          body: { role: 'viewer' },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(member.PATCH, {
          client: owner,
          method: 'PATCH',
          params: p,
          body: { role: 'viewer' },
        })
      ).status,
    ).toBe(204);
    expect((await list()).find((m) => m.userId === ed.user.id)?.role).toBe('viewer');
    expect(
      (
        await call(member.PATCH, {
          client: owner,
          method: 'PATCH',
          params: p,
          body: { role: 'boss' },
        })
      ).status,
    ).toBe(400);
  });

  it('the last owner can neither step down nor leave', async () => {
    const self = { id: team, userId: owner.user.id };
    expect(
      (
        await call(member.PATCH, {
          client: owner,
          method: 'PATCH',
          params: self,
          body: { role: 'editor' },
        })
      ).status,
    ).toBe(409);
    expect(
      (await call(member.DELETE, { client: owner, method: 'DELETE', params: self })).status,
    ).toBe(409);
  });

  it('a personal workspace keeps its single owner', async () => {
    const personal = (await (await call(me.GET, { client: owner })).json()).workspaces.find(
      (w: { personal: boolean }) => w.personal,
    ).id;
    expect(
      (
        await call(member.DELETE, {
          client: owner,
          method: 'DELETE',
          params: { id: personal, userId: owner.user.id },
        })
      ).status,
    ).toBe(400);
  });

  it('a member may leave, and loses access', async () => {
    expect(
      (
        await call(member.DELETE, {
          client: ed,
          method: 'DELETE',
          params: { id: team, userId: ed.user.id },
        })
      ).status,
    ).toBe(204);
    expect((await call(members.GET, { client: ed, params: { id: team } })).status).toBe(404);
    const actions = (await database.db.select().from(auditEvents)).map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining(['membership.added', 'membership.changed', 'membership.removed']),
    );
  });

  it('ids sent in capitals act as the ids they name, and the audit chain still verifies', async () => {
    const p = { id: team.toUpperCase(), userId: ed.user.id.toUpperCase() };
    expect(
      (
        await call(invites.POST, {
          client: owner,
          params: { id: team.toUpperCase() },
          body: { email: 'ed@example.com', role: 'editor' },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call(member.PATCH, {
          client: owner,
          method: 'PATCH',
          params: p,
          body: { role: 'viewer' },
        })
      ).status,
    ).toBe(204);
    expect((await list()).find((m) => m.userId === ed.user.id)?.role).toBe('viewer');
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, problems: [] });
  });

  it('two owners demoting each other at once leave one owner', async () => {
    const duo = (
      await (await call(workspaces.POST, { client: owner, body: { name: 'Duo' } })).json()
    ).workspace.id;
    expect(
      (
        await call(invites.POST, {
          client: owner,
          params: { id: duo },
          body: { email: 'ed@example.com', role: 'owner' },
        })
      ).status,
    ).toBe(201);
    const [a, b] = await Promise.all([
      call(member.PATCH, {
        client: owner,
        method: 'PATCH',
        params: { id: duo, userId: ed.user.id },
        body: { role: 'editor' },
      }),
      call(member.PATCH, {
        client: ed,
        method: 'PATCH',
        params: { id: duo, userId: owner.user.id },
        body: { role: 'editor' },
      }),
    ]);
    // Whoever comes second is no longer an owner by then.
    expect([a.status, b.status].sort()).toEqual([204, 403]);
    const roles = (
      await (await call(members.GET, { client: owner, params: { id: duo } })).json()
    ).members.map((m: { role: string }) => m.role);
    expect(roles.filter((r: string) => r === 'owner')).toHaveLength(1);
  });
});
