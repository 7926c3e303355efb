import { describe, expect, it } from 'vitest';
import { byteProgress, progressLine } from '@/lib/cli/progress';

const MB = 1024 * 1024;
const sink = (isTTY: boolean) => {
  const out: string[] = [];
  return { out, write: (s: string) => out.push(s), isTTY };
};

describe('CLI byte progress', () => {
  it('draws a bar with the share and the sizes', () => {
    expect(progressLine('ingest: a.csv', 3 * MB, 12 * MB)).toBe(
      'ingest: a.csv [######..................]  25% 3 MB of 12 MB',
    );
    expect(progressLine('x', 12 * MB, 12 * MB)).toBe(
      'x [########################] 100% 12 MB of 12 MB',
    );
  });

  it('writes a line per quarter when stderr is not a terminal, and a last line at the end', () => {
    const s = sink(false);
    const bar = byteProgress('ingest: big.csv', 8 * MB, s);
    for (let i = 0; i < 8; i++) bar.advance(MB);
    bar.finish();
    expect(s.out.map((l) => l.match(/(\d+)%/)![1])).toEqual(['25', '50', '75', '100']);
  });

  it('redraws in place on a terminal, at most every 100 ms', () => {
    const s = sink(true);
    let t = 0;
    const bar = byteProgress('ingest: big.pdf', 10 * MB, s, () => t);
    for (let i = 0; i < 10; i++) {
      t += 40;
      bar.advance(MB);
    }
    bar.finish();
    expect(s.out.every((l) => l.startsWith('\r'))).toBe(true);
    expect(s.out.length).toBe(5); // 4 redraws in 400 ms, then the final line
    expect(s.out.at(-1)).toMatch(/100% 10 MB of 10 MB\n$/);
  });

  it('stays quiet for small files', () => {
    const s = sink(false);
    const bar = byteProgress('ingest: small.csv', 1000, s);
    bar.advance(1000);
    bar.finish();
    expect(s.out).toEqual([]);
  });
});
