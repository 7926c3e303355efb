import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addCompileHints, COMPILE_HINT } from '../../../scripts/compile-hints';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function build(manifest: unknown, chunks: Record<string, string>) {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-hints-'));
  dirs.push(dist);
  fs.mkdirSync(path.join(dist, 'static', 'chunks'), { recursive: true });
  fs.writeFileSync(path.join(dist, 'build-manifest.json'), JSON.stringify(manifest));
  for (const [name, code] of Object.entries(chunks)) {
    fs.writeFileSync(path.join(dist, 'static', 'chunks', name), code);
  }
  const read = (name: string) => fs.readFileSync(path.join(dist, 'static', 'chunks', name), 'utf8');
  return { dist, read };
}

describe('addCompileHints', () => {
  it('marks the start-up scripts once and leaves the others alone', () => {
    const { dist, read } = build(
      { rootMainFiles: ['static/chunks/framework.js', 'static/chunks/runtime.js'] },
      { 'framework.js': 'a();', 'runtime.js': 'b();', 'page.js': 'c();' },
    );
    expect(addCompileHints(dist)).toHaveLength(2);
    addCompileHints(dist);
    expect(read('framework.js')).toBe(`${COMPILE_HINT}a();`);
    expect(read('runtime.js')).toBe(`${COMPILE_HINT}b();`);
    expect(read('page.js')).toBe('c();');
  });

  it('says to build first when there is no manifest', () => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-hints-'));
    dirs.push(dist);
    expect(() => addCompileHints(dist)).toThrow(
      /no readable build manifest .* run `next build` first/,
    );
  });

  it('refuses a manifest that points outside the chunks folder', () => {
    const { dist, read } = build(
      { rootMainFiles: ['static/chunks/framework.js', '../../etc/passwd'] },
      { 'framework.js': 'a();' },
    );
    expect(() => addCompileHints(dist)).toThrow(/lists no start-up scripts/);
    expect(read('framework.js')).toBe('a();');
  });
});
