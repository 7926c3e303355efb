import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run, start, waitFor } from '../helpers/cli';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-crash-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

async function serve(port: number) {
  const server = start('lib/cli/main.ts', ['serve'], {
    ATELIER_DATA_DIR: dataDir,
    PORT: String(port),
    ATELIER_OFFLINE_DELAY_MS: '150',
  });
  await waitFor(
    () => server.err().includes('serving') || server.exitCode !== null,
    120_000,
    'the server',
  );
  if (server.exitCode !== null) throw new Error(`server did not start: ${server.err()}`);
  return server;
}

describe('kill -9 of the server during a stream', () => {
  it('after restart the user message is there, the partial answer is interrupted, and the database checks clean', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let server = await serve(port);
    const signup = await fetch(`${base}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'kim@example.com',
        name: 'Kim',
        password: 'correct horse battery',
      }),
    });
    expect(signup.status).toBe(201);
    const cookies = signup.headers.getSetCookie().map((c) => c.split(';')[0]);
    const headers = {
      'content-type': 'application/json',
      cookie: cookies.join('; '),
      'x-csrf-token': cookies.find((c) => c.startsWith('atelier_csrf='))!.split('=')[1],
    };
    const me = await (await fetch(`${base}/api/auth/me`, { headers })).json();
    const conv = await (
      await fetch(`${base}/api/conversations`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ workspaceId: me.workspaces[0].id }),
      })
    ).json();
    const id = conv.conversation.id;
    const res = await fetch(`${base}/api/chat`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        conversationId: id,
        parentId: null,
        message: { text: 'Make a poster with the text "Crash Test" in red' },
        model: 'offline',
        profile: 'draft',
      }),
    });
    const reader = res.body!.getReader();
    let seen = '';
    while ((seen.match(/text-delta/g) ?? []).length < 8)
      seen += new TextDecoder().decode((await reader.read()).value);
    await new Promise((r) => setTimeout(r, 400)); // past one persistence tick
    server.kill('SIGKILL');
    await new Promise((r) => server.once('close', r));
    await reader.cancel().catch(() => undefined);

    server = await serve(port);
    try {
      const view = await (await fetch(`${base}/api/conversations/${id}`, { headers })).json();
      const [user, assistant] = view.messages;
      expect(user).toMatchObject({ role: 'user', status: 'complete' });
      expect(user.parts[0].text).toContain('Crash Test');
      expect(assistant).toMatchObject({ role: 'assistant', status: 'interrupted' });
      expect(
        assistant.parts.find((p: { type: string }) => p.type === 'text').text.length,
      ).toBeGreaterThan(5);
      expect(view.live).toBe(false);
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('close', r));
    }
    const report = await run('test/fixtures/inspect-db.ts', [], { ATELIER_DATA_DIR: dataDir });
    expect(report.code, report.stderr).toBe(0);
    const { chain, corrupt, indexesChecked } = JSON.parse(report.stdout);
    expect(chain.ok).toBe(true);
    expect(indexesChecked).toBeGreaterThan(5);
    expect(corrupt).toEqual([]);
  });
});
