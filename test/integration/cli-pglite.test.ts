import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { atelier, run, start, waitFor } from '../helpers/cli';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-cli-'));
const env = { ATELIER_DATA_DIR: root };
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const lastLine = (s: string) => s.trim().split('\n').at(-1) ?? '';

describe('the CLI on the embedded database', () => {
  it('chat --json prints exactly one JSON object with the contract keys', async () => {
    const r = await atelier(
      ['chat', 'Create a banner with the text "Hello" in blue', '--profile', 'hd', '--json'],
      env,
    );
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]);
    expect(Object.keys(out).sort()).toEqual([
      'artifacts',
      'conversationId',
      'messageId',
      'text',
      'toolCalls',
    ]);
    expect(out.text).toContain('"Hello"');
    const again = await atelier(
      ['chat', 'and now in red', '--conversation', out.conversationId, '--json'],
      env,
    );
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).conversationId).toBe(out.conversationId);
  });

  it('refuses bad usage with one line and exit 1', async () => {
    for (const args of [
      ['chat'],
      ['chat', 'x', '--profile', 'ultra'],
      ['nope'],
      ['chat', 'x', '--conversation', 'not-a-uuid'],
      ['chat', 'x', '--bogus'],
    ]) {
      const r = await atelier(args, env);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(lastLine(r.stderr)).toMatch(/^error: [a-z_]+: /);
    }
  });

  it('a second process on the same data dir is refused, naming the holder; after kill -9 the next start recovers', async () => {
    const holder = start('test/fixtures/hold-db.ts', [], env);
    await waitFor(() => holder.out().includes('ready'), 60_000, 'the holder');
    const refused = await atelier(['chat', 'hello', '--json'], env);
    expect(refused.code).toBe(1);
    expect(lastLine(refused.stderr)).toMatch(
      new RegExp(`^error: db_locked: .*process ${holder.pid}\\b`),
    );
    expect(refused.stdout).toBe('');
    holder.kill('SIGKILL');
    await new Promise((r) => holder.on('close', r));
    expect(fs.existsSync(path.join(root, '.atelier', 'db.lock'))).toBe(true);
    const after = await atelier(['chat', 'hello again', '--json'], env);
    expect(after.stderr).toBe('');
    expect(after.code).toBe(0);
  });

  it('kill -9 mid-stream: on reopen the user message is there and the partial answer is interrupted; the database checks clean', async () => {
    const child = start(
      'lib/cli/main.ts',
      ['chat', 'Make a poster with the text "Launch Day" in bold orange and navy'],
      {
        ...env,
        ATELIER_OFFLINE_DELAY_MS: '150',
      },
    );
    await waitFor(() => child.out().split(/\s+/).length > 12, 60_000, 'streamed words');
    await new Promise((r) => setTimeout(r, 400));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    const r = await run('test/fixtures/inspect-db.ts', [], env);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const last = report.messages.slice(-2);
    expect(last[0]).toMatchObject({ role: 'user', status: 'complete' });
    expect(last[0].parts[0].text).toContain('Launch Day');
    expect(last[1]).toMatchObject({ role: 'assistant', status: 'interrupted' });
    expect(
      last[1].parts.find((p: { type: string }) => p.type === 'text')?.text.length,
    ).toBeGreaterThan(10);
    expect(report.chain.ok).toBe(true);
    expect(report.indexesChecked).toBeGreaterThan(5);
    expect(report.corrupt).toEqual([]);
  });

  it('kill -9 during a search: on reopen the run is failed, audited with its error digest', async () => {
    const child = start('test/fixtures/hold-search-run.ts', [], env);
    await waitFor(() => /running \S+\n/.test(child.out()), 60_000, 'the search run');
    const runId = child.out().match(/running (\S+)/)![1];
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    const r = await run('test/fixtures/inspect-db.ts', [], env);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const error = 'the process ended during the search';
    expect(report.searchRuns).toContainEqual({ id: runId, status: 'error', error });
    expect(report.searchFailed).toContainEqual({
      subject: `search_run:${runId}`,
      actor: 'system',
      payload: expect.objectContaining({
        errorSha256: createHash('sha256').update(error).digest('hex'),
      }),
    });
    expect(report.chain.ok).toBe(true);
  });
});
