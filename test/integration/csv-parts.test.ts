import fs from 'node:fs';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { chunks, references, workspaces } from '@/db/schema';
import { csvPartCounts } from '@/lib/ingest/csv-parts';
import type { IngestLimits } from '@/lib/ingest/limits';
import { closeParsers } from '@/lib/ingest/runner';
import { readRows } from '@/lib/references/excerpt';
import { ingestReference } from '@/lib/references/ingest';
import { OPERATOR } from '@/lib/workspaces/operator';
import { tempDataDir } from '../helpers/data-dir';
import { freshDatabase } from '../helpers/test-db';

const dataDir = tempDataDir('csv-parts');
let database: Database;

const cell = (i: number) => `Copy ${i}, fresh ✓`;
const CATALOGUE = `id,sku,copy\n${Array.from({ length: 3000 }, (_, k) => `${k + 1},SKU-${k + 1},"${cell(k + 1)}"\n`).join('')}`;
// Notes of two and three lines: an even cut lands inside a quoted field.
const NOTES = `id,note\n${Array.from({ length: 900 }, (_, k) => `${k + 1},"${['a', 'b', 'c'].slice(0, 2 + (k % 2)).join('\n')}"\n`).join('')}`;

beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await closeParsers();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Ingests `text` into a new workspace; returns its row and chunks. */
async function ingest(text: string, limits: Partial<IngestLimits>) {
  const [ws] = await database.db.insert(workspaces).values({ name: 'csv parts' }).returning();
  const { reference } = await ingestReference(database.db, OPERATOR, {
    target: { workspaceId: ws.id, conversationId: null },
    name: 'copy.csv',
    source: [Buffer.from(text)],
    limits,
  });
  const [row] = await database.db.select().from(references).where(eq(references.id, reference.id));
  const stored = await database.db
    .select()
    .from(chunks)
    .where(eq(chunks.sourceId, reference.id))
    .orderBy(asc(chunks.ordinal));
  return {
    row,
    chunks: stored.map((c) => ({
      ordinal: c.ordinal,
      heading: c.heading,
      text: c.text,
      charStart: c.charStart,
      charEnd: c.charEnd,
    })),
  };
}

const ONE_WORKER = { csvPartBytes: 2 ** 40 };
const TWO_WORKERS = { csvPartBytes: 1 };

describe('a CSV ingested by two parse workers', () => {
  it('stores what one worker stores: summary, row index and passages, and every row reads back by its number', async () => {
    const before = { ...csvPartCounts };
    const split = await ingest(CATALOGUE, TWO_WORKERS);
    expect(csvPartCounts).toEqual({ combined: before.combined + 1, readAgain: before.readAgain });
    const one = await ingest(CATALOGUE, ONE_WORKER);
    expect(csvPartCounts).toEqual({ combined: before.combined + 1, readAgain: before.readAgain });
    expect(split.row.summary).toEqual(one.row.summary);
    expect(split.row.rowIndex).toEqual(one.row.rowIndex);
    expect(split.chunks).toEqual(one.chunks);
    expect(split.row.summary).toMatchObject({ rows: 3000, header: true });
    // Rows on both sides of the cut, and the first row of each index step in the second part.
    for (const from of [1, 1400, 1500, 1537, 1538, 2945, 2999]) {
      const got = await readRows(split.row, from, 2);
      expect(got.map((r) => [r.row, r.values.copy])).toEqual(
        [from, from + 1].filter((n) => n <= 3000).map((n) => [n, cell(n)]),
      );
    }
  });

  it('reads the file again in one pass when the cut falls inside a quoted field, storing each passage once', async () => {
    const before = { ...csvPartCounts };
    const split = await ingest(NOTES, { ...TWO_WORKERS, csvIndexedRows: 100 });
    expect(csvPartCounts).toEqual({ combined: before.combined, readAgain: before.readAgain + 1 });
    const one = await ingest(NOTES, { ...ONE_WORKER, csvIndexedRows: 100 });
    expect(split.row.summary).toEqual(one.row.summary);
    expect(split.row.rowIndex).toEqual(one.row.rowIndex);
    expect(split.chunks).toEqual(one.chunks);
    expect(split.chunks.map((c) => c.heading)).toEqual([
      'copy.csv header',
      'copy.csv rows 1–50',
      'copy.csv rows 51–100',
    ]);
  });
});
