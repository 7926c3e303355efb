import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atelier } from '../helpers/cli';
import { makePdf } from '../helpers/pdf';
import { headerOnlyPng } from '../helpers/png';
import { BRIEF_PAGES, COPY_CSV } from '../helpers/references';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-refs-cli-'));
const env = { ATELIER_DATA_DIR: root };
const file = (name: string) => path.join(root, 'in', name);
const lastLine = (s: string) => s.trim().split('\n').at(-1) ?? '';

beforeAll(() => {
  fs.mkdirSync(path.join(root, 'in'));
  fs.writeFileSync(file('brief.pdf'), makePdf(BRIEF_PAGES, { title: 'Spring Launch Brief' }));
  fs.writeFileSync(file('copy.csv'), COPY_CSV);
  fs.writeFileSync(file('huge.png'), headerOnlyPng(90_000, 90_000));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('ingest and refs on the command line', () => {
  it('ingest FILE... --json prints {references}, progress on stderr; refs --json lists them', async () => {
    const r = await atelier(['ingest', file('brief.pdf'), file('copy.csv'), '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('ingest: brief.pdf: parsing (pdf)…');
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]);
    expect(
      out.references.map((x: { name: string; kind: string; uploadedBy: string }) => [
        x.name,
        x.kind,
        x.uploadedBy,
      ]),
    ).toEqual([
      ['brief.pdf', 'pdf', 'operator:local'],
      ['copy.csv', 'csv', 'operator:local'],
    ]);
    expect(out.references[0].summary.headline).toEqual({ text: 'Fresh Greens Daily', page: 2 });

    const refs = await atelier(['refs', '--json'], env);
    expect(refs.code, refs.stderr).toBe(0);
    expect(
      JSON.parse(refs.stdout)
        .references.map((x: { id: string }) => x.id)
        .sort(),
    ).toEqual(out.references.map((x: { id: string }) => x.id).sort());
    const human = await atelier(['refs'], env);
    expect(human.stdout).toContain(
      'copy.csv: CSV, 20 rows × 4 columns (sku, headline, copy, price)',
    );
  });

  it('shows a byte progress bar on stderr while a large file is read', async () => {
    const rows = Array.from(
      { length: 110_000 },
      (_, i) => `SKU-${i},Copy line ${i} for the catalogue`,
    ).join('\n');
    fs.writeFileSync(file('catalogue.csv'), `sku,copy\n${rows}\n`);
    const size = fs.statSync(file('catalogue.csv')).size;
    expect(size).toBeGreaterThan(4 * 1024 * 1024);
    const r = await atelier(['ingest', file('catalogue.csv')], env);
    expect(r.code, r.stderr).toBe(0);
    const bar = r.stderr
      .split('\n')
      .filter((l) => l.startsWith('ingest: catalogue.csv: receiving ['));
    // One line as each quarter is passed (the file is read a megabyte at a time), then the last.
    const shares = bar.map((l) => Number(l.match(/(\d+)%/)![1]));
    expect(shares.map((p) => Math.min(3, Math.floor(p / 25)))).toEqual([1, 2, 3, 3]);
    expect(shares.at(-1)).toBe(100);
    expect(bar.at(-1)).toContain(`[${'#'.repeat(24)}] 100%`);
  });

  it('chat --attach FILE makes the files references of the conversation, and the answer is grounded in them', async () => {
    const r = await atelier(
      [
        'chat',
        'Make a banner for the spring launch using row 14 of the copy',
        '--attach',
        file('brief.pdf'),
        '--attach',
        file('copy.csv'),
        '--json',
      ],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim());
    expect(out.toolCalls.map((t: { tool: string }) => t.tool)).toEqual([
      'read_reference',
      'generate_image',
    ]);
    expect(out.toolCalls[0].input).toEqual({ row: 14 });
    expect(out.toolCalls[1].input.prompt).toContain(
      'with the exact text "Fresh Greens Daily" and "Crisp greens, delivered daily"',
    );
    expect(out.text).toContain('"Crisp greens, delivered daily" [copy.csv row 14]');
    expect(out.artifacts).toHaveLength(1);
    const refs = JSON.parse(
      (await atelier(['refs', '--conversation', out.conversationId, '--json'], env)).stdout,
    );
    expect(refs.references.map((x: { name: string }) => x.name).sort()).toEqual([
      'brief.pdf',
      'copy.csv',
    ]);
  });

  it('a refused file exits 1 with one clear last line, and nothing is stored for it', async () => {
    const r = await atelier(['ingest', file('huge.png')], env);
    expect(r.code).toBe(1);
    expect(lastLine(r.stderr)).toBe(
      'error: bad_request: huge.png: the PNG declares 90,000×90,000 pixels; images may be at most 20,000 pixels on a side and 50,000,000 pixels in all',
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const sha = createHash('sha256')
      .update(fs.readFileSync(file('huge.png')))
      .digest('hex');
    expect(
      fs
        .readdirSync(path.join(root, 'uploads'), { recursive: true })
        .filter((f) => String(f).includes(sha)),
    ).toEqual([]);
    expect(fs.readdirSync(path.join(root, 'uploads', '.staging'))).toEqual([]);
    const missing = await atelier(['ingest', file('nope.csv')], env);
    expect(lastLine(missing.stderr)).toBe(
      `error: not_found: nope.csv: no file at ${file('nope.csv')}`,
    );
  });
});
