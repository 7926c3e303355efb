import { describe, expect, it } from 'vitest';
import { streamRows } from '@/lib/ingest/csv-stream';

describe('streamRows', () => {
  it('stops reading its source when a row asks to stop', async () => {
    let pulled = 0;
    let closed = false;
    async function* pieces() {
      try {
        for (let i = 0; i < 1000; i++) {
          pulled++;
          yield `${Array.from({ length: 100 }, (_, r) => `${i * 100 + r},value ${r}`).join('\n')}\n`;
        }
      } finally {
        closed = true;
      }
    }
    const rows: string[][] = [];
    await streamRows(pieces(), ',', ({ data }) => {
      rows.push(data);
      return rows.length < 3;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(rows).toEqual([
      ['0', 'value 0'],
      ['1', 'value 1'],
      ['2', 'value 2'],
    ]);
    // Without the stop, papaparse goes on reading (and queueing) all 1,000 pieces.
    expect(pulled).toBeLessThan(50);
    expect(closed).toBe(true);
  });
});
