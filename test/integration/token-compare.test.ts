import * as crypto from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as signup from '@/app/api/auth/signup/route';
import * as workspaces from '@/app/api/workspaces/route';
import type { Database } from '@/db/client';
import { clearSetupToken, initSetupToken } from '@/lib/auth/setup-token';
import { call, signUpClient } from '../helpers/http';
import { freshDatabase } from '../helpers/test-db';

// The real function, watched: the routes must compare tokens through it, in constant time.
vi.mock('node:crypto', async (original) => {
  const real = await original<typeof import('node:crypto')>();
  return { ...real, timingSafeEqual: vi.fn(real.timingSafeEqual) };
});

const compared = () =>
  vi
    .mocked(crypto.timingSafeEqual)
    .mock.calls.map(([a, b]) => [
      Buffer.from(a as Uint8Array).toString(),
      Buffer.from(b as Uint8Array).toString(),
    ]);
const flipLast = (t: string) => `${t.slice(0, -1)}${t.endsWith('A') ? 'B' : 'A'}`;

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(() => database.close());
beforeEach(() => {
  vi.mocked(crypto.timingSafeEqual).mockClear();
});

describe('tokens are compared in constant time', () => {
  it('the one-time setup token of the first sign-up', async () => {
    const token = initSetupToken('0.0.0.0', false)!;
    try {
      const body = { email: 'root@example.com', name: 'Root', password: 'long enough pw' };
      for (const wrong of [flipLast(token), token.slice(1)]) {
        const res = await call(signup.POST, { body: { ...body, setupToken: wrong } });
        expect(res.status).toBe(403);
      }
      expect(compared()).toContainEqual([flipLast(token), token]);
      const admin = await signUpClient('root@example.com', { setupToken: token });
      expect(admin.user.isAdmin).toBe(true);
      expect(compared()).toContainEqual([token, token]);
    } finally {
      clearSetupToken();
    }
  });

  it('the CSRF token of a mutation', async () => {
    const admin = await signUpClient('member@example.com');
    for (const wrong of [flipLast(admin.csrf), admin.csrf.slice(1), '']) {
      const res = await call(workspaces.POST, {
        client: admin,
        body: { name: 'Team' },
        headers: { 'x-csrf-token': wrong },
      });
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe('csrf');
    }
    expect(compared()).toContainEqual([flipLast(admin.csrf), admin.csrf]);
    const ok = await call(workspaces.POST, { client: admin, body: { name: 'Team' } });
    expect(ok.status).toBe(201);
    expect(compared()).toContainEqual([admin.csrf, admin.csrf]);
  });
});
