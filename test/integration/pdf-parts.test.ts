import fs from 'node:fs';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { chunks, references, workspaces } from '@/db/schema';
import { ingestLimits } from '@/lib/ingest/limits';
import { parsePdfPart } from '@/lib/ingest/pdf';
import { combinePdfParts, partsFor } from '@/lib/ingest/pdf-parts';
import { closeParsers } from '@/lib/ingest/runner';
import type { Passage } from '@/lib/ingest/types';
import { ingestReference } from '@/lib/references/ingest';
import { OPERATOR } from '@/lib/workspaces/operator';
import { tempDataDir } from '../helpers/data-dir';
import { makePdf } from '../helpers/pdf';
import { freshDatabase } from '../helpers/test-db';

const dataDir = tempDataDir('pdf-parts');
let database: Database;
let ws: string;
const file = path.join(dataDir, 'long-brief.pdf');

// 60 pages (two parts: 1–30 and 31–60). The requirements heading ends page 30 and its bullets run on
// over page 31; page 45 is blank; the headline is on page 2.
const line = (p: number, i: number) =>
  `Page ${p} line ${i}: the campaign keeps the brand green, fresh produce and a friendly tone.`;
const PAGES = Array.from({ length: 60 }, (_, k) => {
  const p = k + 1;
  if (p === 45) return [];
  const body = Array.from({ length: 18 }, (_, i) => line(p, i));
  if (p === 2) return ['Headline: Fresh Greens Daily', ...body];
  if (p === 30) return [...body, 'Requirements:', '- Use the brand green'];
  if (p === 31) return ['- Logo top left', '- Show fresh produce', ...body];
  return body;
});

beforeAll(async () => {
  database = await freshDatabase();
  [{ id: ws }] = await database.db.insert(workspaces).values({ name: 'parts' }).returning();
  fs.writeFileSync(file, makePdf(PAGES, { title: 'Long brief' }));
});
afterAll(async () => {
  await closeParsers();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Reads the file in `count` parts in this process; passages placed by the combined result's part bases. */
async function readIn(count: number) {
  const byPart: Passage[][] = Array.from({ length: count }, () => []);
  const parts = [];
  for (let index = 0; index < count; index++)
    parts.push(
      await parsePdfPart(file, ingestLimits(), (batch) => byPart[index].push(...batch), {
        index,
        count,
      }),
    );
  const result = combinePdfParts(parts);
  const passages = byPart.flatMap((list, k) =>
    list.map((p) => ({
      ...p,
      charStart: p.charStart + result.partBases![k],
      charEnd: p.charEnd + result.partBases![k],
    })),
  );
  return { result, passages };
}

describe('a PDF read in parts by two workers', () => {
  it('is read in two parts from 64 KB up', async () => {
    expect(fs.statSync(file).size).toBeGreaterThan(64 * 1024);
    expect(await partsFor(file, 2)).toBe(2);
  });

  it('gives the same summary and passages as one reading of the whole, the brief across the cut included', async () => {
    const whole = await readIn(1);
    const split = await readIn(2);
    expect(split.result.summary).toEqual(whole.result.summary);
    expect(split.result.notes).toEqual(whole.result.notes);
    expect(split.passages).toEqual(whole.passages);
    expect(whole.result.summary).toMatchObject({
      pages: 60,
      emptyPages: [45],
      headline: { text: 'Fresh Greens Daily', page: 2 },
      requirements: [
        { text: 'Use the brand green', page: 30 },
        { text: 'Logo top left', page: 31 },
        { text: 'Show fresh produce', page: 31 },
      ],
    });
    expect(whole.result.notes).toEqual(['page 45 has no extractable text']);
  });

  it('an ingest stores those passages in order, numbered across the parts, each at its place in the text', async () => {
    const { result, passages } = await readIn(1);
    const { reference } = await ingestReference(database.db, OPERATOR, {
      target: { workspaceId: ws, conversationId: null },
      name: 'long-brief.pdf',
      source: [fs.readFileSync(file)],
    });
    const [row] = await database.db
      .select()
      .from(references)
      .where(eq(references.id, reference.id));
    expect(row.summary).toEqual({ ...result.summary, notes: result.notes });
    const stored = await database.db
      .select()
      .from(chunks)
      .where(eq(chunks.sourceId, reference.id))
      .orderBy(asc(chunks.ordinal));
    expect(stored.map((c) => c.ordinal)).toEqual(passages.map((_, i) => i));
    expect(
      stored.map((c) => ({
        heading: c.heading,
        text: c.text,
        charStart: c.charStart,
        charEnd: c.charEnd,
      })),
    ).toEqual(
      passages.map((p) => ({
        heading: `long-brief.pdf ${p.heading}`,
        text: p.text,
        charStart: p.charStart,
        charEnd: p.charEnd,
      })),
    );
    // Page 31's first passage starts where the summary says page 31 starts.
    const page31 = stored.find((c) => c.heading === 'long-brief.pdf p.31')!;
    expect(page31.charStart).toBe(
      result.summary.kind === 'pdf' ? result.summary.pageOffsets[30] : -1,
    );
  });
});
