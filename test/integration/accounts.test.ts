import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as settings from '@/app/api/admin/settings/route';
import * as me from '@/app/api/auth/me/route';
import * as signin from '@/app/api/auth/signin/route';
import * as signout from '@/app/api/auth/signout/route';
import * as signup from '@/app/api/auth/signup/route';
import * as invites from '@/app/api/workspaces/[id]/invites/route';
import * as workspaces from '@/app/api/workspaces/route';
import type { Database } from '@/db/client';
import { auditEvents, invites as invitesTable } from '@/db/schema';
import { verifyAuditChain } from '@/lib/audit/chain';
import { clearSetupToken, initSetupToken } from '@/lib/auth/setup-token';
import { type Client, call, cookiesOf, signUpClient } from '../helpers/http';
import { freshDatabase } from '../helpers/test-db';

let database: Database;
let admin: Client;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(() => database.close());

describe('accounts', () => {
  it('beyond loopback, the first sign-up needs the one-time setup token', async () => {
    const token = initSetupToken('0.0.0.0', false);
    expect(token).toBeTruthy();
    const res = await call(signup.POST, {
      body: { email: 'root@example.com', name: 'Root', password: 'long enough pw' },
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(/setup token/);
    admin = await signUpClient('root@example.com', { setupToken: token });
    expect(admin.user.isAdmin).toBe(true);
    clearSetupToken();
  });

  it('sets httpOnly SameSite session cookies and a readable CSRF cookie', async () => {
    const res = await call(signin.POST, {
      body: { email: 'root@example.com', password: 'correct horse battery' },
    });
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith('atelier_session='))).toMatch(/HttpOnly; SameSite=Lax/);
    expect(cookies.find((c) => c.startsWith('atelier_csrf='))).not.toMatch(/HttpOnly/);
  });

  it('later accounts are not admins and get a personal workspace', async () => {
    const bob = await signUpClient('bob@example.com');
    expect(bob.user.isAdmin).toBe(false);
    const body = await (await call(me.GET, { client: bob })).json();
    expect(body.workspaces).toEqual([expect.objectContaining({ role: 'owner', personal: true })]);
  });

  it('rejects bad input with a 400 and a message', async () => {
    const res = await call(signup.POST, {
      body: { email: 'not-an-email', name: 'x', password: 'long enough pw' },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toEqual({
      code: 'bad_request',
      message: expect.stringMatching(/email/),
    });
    const dup = await call(signup.POST, {
      body: { email: 'BOB@example.com', name: 'b', password: 'long enough pw' },
    });
    expect(dup.status).toBe(409);
  });

  it('audits failed sign-ins and rate-limits them', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await call(signin.POST, { body: { email: 'bob@example.com', password: `wrong-${i}` } }))
          .status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const rows = await database.db.select().from(auditEvents);
    const failures = rows.filter((r) => r.action === 'auth.signin_failed');
    expect(failures).toHaveLength(5);
    expect(JSON.stringify(failures)).not.toContain('wrong-');
    expect(JSON.stringify(failures)).not.toContain('bob@example.com');
  });

  it('counts sign-in attempts sent at once as they arrive', async () => {
    await signUpClient('erin@example.com');
    const attempts = Array.from({ length: 9 }, (_, i) =>
      call(signin.POST, { body: { email: 'erin@example.com', password: `guess-${i}` } }),
    );
    const statuses = (await Promise.all(attempts)).map((r) => r.status).sort();
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429]);
  });

  it('audits sign-out under the account that signed out', async () => {
    const dora = await signUpClient('dora@example.com');
    expect((await call(signout.POST, { client: dora, method: 'POST' })).status).toBe(204);
    expect((await call(me.GET, { client: dora })).status).toBe(401);
    const events = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'auth.signout'));
    expect(events.map((e) => [e.actor, e.subject])).toEqual([
      [`user:${dora.user.id}`, `user:${dora.user.id}`],
    ]);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });

  it('refuses mutations without the CSRF token or from another origin', async () => {
    const noToken = await call(workspaces.POST, {
      client: admin,
      body: { name: 'Team' },
      headers: { 'x-csrf-token': 'nope' },
    });
    expect(noToken.status).toBe(403);
    const crossSite = await call(workspaces.POST, {
      client: admin,
      body: { name: 'Team' },
      headers: { origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
  });

  it('admin closes sign-up; an invite still lets the invited email in, into the team', async () => {
    expect(
      (await call(settings.PUT, { client: admin, method: 'PUT', body: { signupOpen: false } }))
        .status,
    ).toBe(200);
    const closed = await call(signup.POST, {
      body: { email: 'carol@example.com', name: 'Carol', password: 'long enough pw' },
    });
    expect(closed.status).toBe(403);
    expect((await closed.json()).error.code).toBe('signup_closed');

    const team = (
      await (await call(workspaces.POST, { client: admin, body: { name: 'Team' } })).json()
    ).workspace;
    const inv = await call(invites.POST, {
      client: admin,
      params: { id: team.id },
      body: { email: 'carol@example.com', role: 'editor' },
    });
    expect(inv.status).toBe(201);
    const { token } = await inv.json();
    const wrongEmail = await call(signup.POST, {
      body: {
        email: 'mallory@example.com',
        name: 'M',
        password: 'long enough pw',
        inviteToken: token,
      },
    });
    expect(wrongEmail.status).toBe(400);
    const carol = await signUpClient('carol@example.com', { inviteToken: token });
    const body = await (await call(me.GET, { client: carol })).json();
    expect(
      body.workspaces.map((w: { name: string; role: string }) => [w.name, w.role]),
    ).toContainEqual(['Team', 'editor']);
    const reuse = await call(signup.POST, {
      body: {
        email: 'carol2@example.com',
        name: 'C',
        password: 'long enough pw',
        inviteToken: token,
      },
    });
    expect(reuse.status).toBe(400);

    // An invite left unused for over two weeks no longer opens the door.
    const old = await call(invites.POST, {
      client: admin,
      params: { id: team.id },
      body: { email: 'dave@example.com', role: 'owner' },
    });
    const { token: stale } = await old.json();
    await database.db
      .update(invitesTable)
      .set({ createdAt: new Date(Date.now() - 15 * 24 * 60 * 60_000) })
      .where(eq(invitesTable.email, 'dave@example.com'));
    const late = await call(signup.POST, {
      body: {
        email: 'dave@example.com',
        name: 'Dave',
        password: 'long enough pw',
        inviteToken: stale,
      },
    });
    expect(late.status).toBe(400);
    expect((await late.json()).error.message).toBe('this invite has expired; ask for a new one');
  });

  it('non-admins cannot read or change instance settings; keys never come back', async () => {
    const bob = cookiesOf(
      await call(signin.POST, {
        body: { email: 'carol@example.com', password: 'correct horse battery' },
      }),
    );
    const res = await call(settings.GET, {
      client: { ...bob, user: { id: '', email: '', isAdmin: false } },
    });
    expect(res.status).toBe(403);
    const put = await call(settings.PUT, {
      client: admin,
      method: 'PUT',
      body: {
        providers: [
          {
            id: 'local',
            name: 'Local',
            baseURL: 'http://127.0.0.1:11434/v1',
            apiKey: 'sk-secret-123',
            models: ['llama3'],
          },
        ],
      },
    });
    const text = await put.text();
    expect(put.status).toBe(200);
    expect(text).not.toContain('sk-secret-123');
    expect(JSON.parse(text).providers[0].hasKey).toBe(true);
    const save = async (baseURL: string) =>
      (
        await (
          await call(settings.PUT, {
            client: admin,
            method: 'PUT',
            body: { providers: [{ id: 'local', name: 'Local', baseURL, models: ['llama3'] }] },
          })
        ).json()
      ).providers[0].hasKey;
    // Saved again without a key: kept for the same endpoint, dropped when the endpoint changes.
    expect(await save('http://127.0.0.1:11434/v1')).toBe(true);
    expect(await save('http://attacker.example/v1')).toBe(false);
    const audit = JSON.stringify(await database.db.select().from(auditEvents));
    expect(audit).not.toContain('sk-secret-123');
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });

  it('counts sign-up attempts per address', async () => {
    const from = { 'x-atelier-client-ip': '203.0.113.9' };
    const attempt = (i: number) =>
      call(signup.POST, {
        headers: from,
        body: { email: `walk-in-${i}@example.com`, name: 'W', password: 'long enough pw' },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await attempt(i)).status);
    // Sign-up is closed by now, so each is refused; the 61st within 15 minutes is refused for its rate.
    expect(statuses.slice(0, 60).every((s) => s === 403)).toBe(true);
    expect(statuses[60]).toBe(429);
    expect(
      (
        await call(signup.POST, {
          headers: { 'x-atelier-client-ip': '203.0.113.10' },
          body: { email: 'other@example.com', name: 'O', password: 'long enough pw' },
        })
      ).status,
    ).toBe(403);
  });
});
