// `npm run dev` must be the same server as production: the assistant's tools and the parse workers
// registered, the client address taken from the socket, and only loopback Host names answered.
// Started exactly as a developer starts it, in a process group of its own, on a free loopback port
// with a fresh data root and its own Next output folder (`next dev` locks the folder it writes, and
// `next build` must never see it), and stopped with the whole group at the end.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** Listed in .gitignore and tsconfig.json (Next adds its type folders there otherwise). */
const DIST_DIR = '.next-dev-test';
const SPOOFED_IP = '203.0.113.7';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** Live (not zombie) processes of a process group. */
function groupMembers(pgid: number): number[] {
  if (process.platform !== 'linux') {
    try {
      process.kill(-pgid, 0);
      return [pgid];
    } catch {
      return [];
    }
  }
  return fs.readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(group) === pgid && state !== 'Z' ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

/** SIGTERM to the group (npm, the server, its helpers), SIGKILL after 30 s; what was left. */
async function stopGroup(pgid: number): Promise<number[]> {
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-pgid, s);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  if (await until(() => groupMembers(pgid).length === 0, 30_000)) return [];
  const left = groupMembers(pgid);
  signal('SIGKILL');
  await until(() => groupMembers(pgid).length === 0, 5_000);
  return left;
}

let dataDir: string;
let base: string;
let server: ChildProcess | undefined;
let log = '';
let startedMs = 0;
let stopped: number[] | undefined;
const headers: Record<string, string> = {};

async function api(pathname: string, body?: unknown): Promise<Response> {
  return fetch(`${base}${pathname}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** A GET with a Host header of our choosing (fetch does not let one be set). */
const getWithHost = (host: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.get(`${base}/api/auth/me`, { headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });

/** A WebSocket upgrade of Next's hot-reloading endpoint: the status it was answered with. */
const upgradeStatus = (host: string) =>
  new Promise<number>((resolve, reject) => {
    const req = http.get(`${base}/_next/hmr`, {
      headers: {
        host,
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('no answer to the upgrade')));
  });

const sse = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('data: ') && l !== 'data: [DONE]')
    .map((l) => JSON.parse(l.slice(6)) as Record<string, unknown>);

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-dev-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const started = Date.now();
  server = spawn('npm', ['run', '-s', 'dev'], {
    cwd: ROOT,
    detached: true, // a process group of its own, stopped as one
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...env,
      ATELIER_DATA_DIR: dataDir,
      PORT: String(port),
      NEXT_DIST_DIR: DIST_DIR,
      NEXT_TELEMETRY_DISABLED: '1',
      ATELIER_OFFLINE_DELAY_MS: '1',
    },
  });
  server.stdout!.on('data', (d) => (log += d));
  server.stderr!.on('data', (d) => (log += d));
  await until(() => log.includes('atelier: serving') || server!.exitCode !== null, 240_000);
  if (!log.includes('atelier: serving'))
    throw new Error(`the dev server did not start (exit ${server.exitCode}):\n${log}`);
  startedMs = Date.now() - started;
});

afterAll(async () => {
  if (server?.pid && stopped === undefined) await stopGroup(server.pid);
  // The bundler's cache stays (the next start is warm); its route types would go stale.
  fs.rmSync(path.join(ROOT, DIST_DIR, 'dev', 'types'), { recursive: true, force: true });
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the development server (npm run dev)', () => {
  it('is our server entry in development mode', () => {
    expect(log).toMatch(/atelier: serving http:\/\/localhost:\d+ \(development, pglite database/);
    console.info(`dev server ready in ${(startedMs / 1000).toFixed(1)} s`);
  });

  it('answers only loopback Host names (421 otherwise), WebSocket upgrades included', async () => {
    const refused = await getWithHost('rebound.example.com');
    expect(refused.status).toBe(421);
    expect(refused.body).toContain('answers to localhost only');
    expect((await getWithHost(`localhost:${new URL(base).port}`)).status).toBe(401);
    // Hot reloading's WebSocket passes the same check before Next's upgrade handler.
    expect(await upgradeStatus('rebound.example.com')).toBe(421);
    expect(await upgradeStatus(`localhost:${new URL(base).port}`)).toBe(101);
  });

  it('answers a chat turn with the tools registered: generate_image renders an artifact', async () => {
    const signup = await fetch(`${base}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-atelier-client-ip': SPOOFED_IP },
      body: JSON.stringify({
        email: 'dev@example.com',
        name: 'Dev',
        password: 'correct horse battery',
      }),
    });
    expect(signup.status).toBe(201);
    const cookies = signup.headers.getSetCookie().map((c) => c.split(';')[0]);
    headers.cookie = cookies.join('; ');
    headers['x-csrf-token'] = cookies.find((c) => c.startsWith('atelier_csrf='))!.split('=')[1];

    const me = await (await api('/api/auth/me')).json();
    const created = await api('/api/conversations', { workspaceId: me.workspaces[0].id });
    expect(created.status).toBe(201);
    const conversationId = (await created.json()).conversation.id as string;

    const chat = await api('/api/chat', {
      conversationId,
      parentId: null,
      message: { text: 'a red circle on a blue background' },
      model: 'offline',
      profile: 'draft',
    });
    expect(chat.status).toBe(200);
    const chunks = sse(await chat.text());
    expect(chunks.find((c) => c.type === 'tool-input-available')).toMatchObject({
      toolName: 'generate_image',
    });
    const outputs = chunks.filter((c) => c.type === 'tool-output-available');
    const final = outputs.at(-1)?.output as {
      status: string;
      images: Array<{ url: string; artifactId: string; width: number }>;
    };
    expect(final.status).toBe('complete');
    expect(final.images).toHaveLength(1);
    const text = chunks
      .filter((c) => c.type === 'text-delta')
      .map((c) => c.delta)
      .join('');
    expect(text).toMatch(/\[1\] `generate_image`: 1 image rendered with the built-in model/);
    expect(text).not.toContain('not available');
    expect(chunks.at(-1)).toMatchObject({ type: 'finish' });

    const png = await api(final.images[0].url);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await png.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  });

  it('ingests a reference through the parse workers', async () => {
    const me = await (await api('/api/auth/me')).json();
    const form = new FormData();
    form.append('workspaceId', me.workspaces[0].id);
    form.append('file', new Blob(['sku,name\nA1,Red circle\nA2,Blue square\n']), 'copy.csv');
    const res = await fetch(`${base}/api/references`, { method: 'POST', headers, body: form });
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.reference).toMatchObject({ kind: 'csv', name: 'copy.csv' });
  });

  it('stops with its whole process group on SIGTERM, having taken client addresses from the socket', async () => {
    const failed = await fetch(`${base}/api/auth/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-atelier-client-ip': SPOOFED_IP },
      body: JSON.stringify({ email: 'dev@example.com', password: 'not the password' }),
    });
    expect(failed.status).toBe(401);

    stopped = await stopGroup(server!.pid!);
    expect(stopped).toEqual([]);
    expect(log).toContain('atelier: SIGTERM, stopping');

    const pg = await PGlite.create(path.join(dataDir, '.atelier', 'db'));
    try {
      const { rows } = await pg.query<{ actor: string }>(
        `select actor from audit_events where action = 'auth.signin_failed'`,
      );
      expect(rows.map((r) => r.actor)).toEqual(['anonymous:127.0.0.1']);
    } finally {
      await pg.close();
    }
  });
});
