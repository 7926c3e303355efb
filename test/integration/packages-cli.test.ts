import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readZip } from '@/lib/export/zip-read';
import { zipBuffer } from '@/lib/export/zip-write';
import { atelier } from '../helpers/cli';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-import-cli-'));
const env = { ATELIER_DATA_DIR: root };
const file = (name: string) => path.join(root, name);
const lastLine = (s: string) => s.trim().split('\n').at(-1) ?? '';

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('import on the command line', () => {
  it('imports an exported package as a read-only conversation; refuses a tampered one', async () => {
    const turn = await atelier(['chat', 'a red circle on a blue background', '--json'], env);
    expect(turn.code, turn.stderr).toBe(0);
    const { conversationId } = JSON.parse(turn.stdout);
    const out = await atelier(['export', conversationId, '--out', file('p.zip')], env);
    expect(out.code, out.stderr).toBe(0);

    const r = await atelier(['import', file('p.zip'), '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0]);
    expect(result.counts).toEqual({ messages: 2, generations: 1, artifacts: 1, references: 0 });
    expect(result.conversation.id).not.toBe(conversationId);
    expect(result.conversation.imported).toMatchObject({
      sourceConversationId: conversationId,
      exportedBy: 'operator:local',
    });

    const more = await atelier(['chat', 'again', '--conversation', result.conversation.id], env);
    expect(more.code).toBe(1);
    expect(lastLine(more.stderr)).toMatch(
      /^error: conflict: this conversation was imported from a package and is read-only/,
    );

    const entries = await readZip(file('p.zip'));
    const tampered = [...entries].map(([name, data]) => ({
      name,
      data: name === 'generations.json' ? Buffer.from(data.toString().replace('red', 'RED')) : data,
      compress: true,
    }));
    fs.writeFileSync(file('t.zip'), await zipBuffer(tampered));
    const bad = await atelier(['import', file('t.zip')], env);
    expect(bad.code).toBe(1);
    expect(lastLine(bad.stderr)).toBe(
      'error: bad_request: package refused: it does not verify: generations.json: sha256 does not match SHA256SUMS (changed)',
    );
    const usage = await atelier(['import', file('p.zip'), '--workspace', 'nope'], env);
    expect(lastLine(usage.stderr)).toBe('error: usage: --workspace: "nope" is not a workspace id');
  });
});
