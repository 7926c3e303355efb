import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock } from '@/db/lock';
import { isLoopbackHost } from '@/lib/auth/loopback';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { FailureLimiter } from '@/lib/auth/rate-limit';
import { readCookie } from '@/lib/http/session';

describe('passwords', () => {
  it('hashes with scrypt and a random salt, and verifies', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horsE', a)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });
});

describe('failure limiter', () => {
  it('blocks after max failures within the window and forgets after it', () => {
    const l = new FailureLimiter(3, 1000);
    for (let i = 0; i < 3; i++) l.fail('k', 0);
    expect(l.blocked('k', 500)).toBe(true);
    expect(l.blocked('k', 1001)).toBe(false);
    expect(l.blocked('other', 500)).toBe(false);
  });
});

describe('loopback detection', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.3.4.5', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.2', false],
    ['example.com', false],
  ])('%s → %s', (host, expected) => expect(isLoopbackHost(host)).toBe(expected));
});

describe('cookies', () => {
  it('reads one cookie by exact name', () => {
    const req = new Request('http://x/', {
      headers: { cookie: 'a=1; atelier_session=abc%3D; atelier_session_x=no' },
    });
    expect(readCookie(req, 'atelier_session')).toBe('abc=');
    expect(readCookie(req, 'missing')).toBeUndefined();
  });
});

describe('PGlite data-dir lock', () => {
  const made: string[] = [];
  const dir = () => {
    made.push(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-lock-')));
    return made[made.length - 1];
  };
  afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('refuses while a live process holds it, naming its pid', () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'db.lock'), `${process.ppid}\n`);
    expect(() => acquireDataDirLock(path.join(d, 'db.lock'), path.join(d, 'db'))).toThrow(
      new RegExp(`process ${process.ppid}`),
    );
  });

  it("clears a dead holder's lock and PGlite's stale postmaster.pid", () => {
    const d = dir();
    fs.mkdirSync(path.join(d, 'db'));
    fs.writeFileSync(path.join(d, 'db', 'postmaster.pid'), '99999999\n');
    fs.writeFileSync(path.join(d, 'db.lock'), '99999999\n');
    const lock = acquireDataDirLock(path.join(d, 'db.lock'), path.join(d, 'db'));
    expect(fs.readFileSync(path.join(d, 'db.lock'), 'utf8').trim()).toBe(String(process.pid));
    expect(fs.existsSync(path.join(d, 'db', 'postmaster.pid'))).toBe(false);
    lock.release();
    expect(fs.existsSync(path.join(d, 'db.lock'))).toBe(false);
  });
});
