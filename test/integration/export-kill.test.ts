import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readZip } from '@/lib/export/zip-read';
import { run, start, waitFor } from '../helpers/cli';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-kill-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const partials = () => fs.readdirSync(dir).filter((f) => f.endsWith('.partial'));

describe('an export killed with SIGKILL', () => {
  it('leaves nothing under the package name; a finished one is whole', async () => {
    const out = path.join(dir, 'package.zip');
    const child = start('test/fixtures/slow-export.ts', [out], {});
    // Killed once its temporary file has grown past 1 MiB, while the writer is busy.
    await waitFor(
      () => partials().some((f) => fs.statSync(path.join(dir, f)).size > 1024 * 1024),
      60_000,
      'the export to be half-written',
    );
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    expect(child.out()).not.toContain('done');
    expect(fs.existsSync(out)).toBe(false);
    // What is left is hidden (a dot file) and named as unfinished; it is not a readable package.
    const [left] = partials();
    expect(left).toMatch(/^\.package\.zip\.[0-9a-f]{12}\.partial$/);
    await expect(readZip(path.join(dir, left))).rejects.toThrow(/not a readable zip/);

    const finished = await run('test/fixtures/slow-export.ts', [out], {});
    expect(finished.stdout).toContain('done');
    expect((await readZip(out)).size).toBe(64);
  }, 120_000);
});
