import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { chunks, passageDrafts, workspaces } from '@/db/schema';
import type { Passage } from '@/lib/ingest/types';
import { PassageDrafts, sweepStaleDrafts } from '@/lib/references/passage-drafts';
import { freshDatabase } from '../helpers/test-db';

let database: Database;
let ws: string;

beforeAll(async () => {
  database = await freshDatabase();
  [{ id: ws }] = await database.db.insert(workspaces).values({ name: 'drafts' }).returning();
});
afterAll(() => database.close());

const passage = (i: number, text: string): Passage => ({
  heading: `p.${i}`,
  text,
  charStart: i * 100,
  charEnd: i * 100 + text.length,
});
const vectorOf = async (heading: string, text: string) => {
  const [row] = await database.db
    .select({ v: sql<string>`atelier_chunk_tsv(${heading}, ${text})::text` })
    .from(sql`(select 1) as one`);
  return row.v;
};
const draftsOf = (id: string) =>
  database.db.select().from(passageDrafts).where(eq(passageDrafts.ingestId, id));

describe('passage drafts and the chunk vector', () => {
  it('a chunk inserted without a vector gets one computed, and a changed text recomputes it', async () => {
    const [row] = await database.db
      .insert(chunks)
      .values({
        workspaceId: ws,
        sourceKind: 'web',
        sourceId: crypto.randomUUID(),
        ordinal: 0,
        heading: 'Running',
        text: 'green dogs',
        charStart: 0,
        charEnd: 10,
      })
      .returning();
    expect(row.tsv).toBe(await vectorOf('Running', 'green dogs'));
    expect(row.tsv).toContain("'dog'");
    const [changed] = await database.db
      .update(chunks)
      .set({ text: 'jumping cats' })
      .where(eq(chunks.id, row.id))
      .returning();
    expect(changed.tsv).toBe(await vectorOf('Running', 'jumping cats'));
  });

  it('drafts are written in order as they come and promoted with their vectors inside a transaction', async () => {
    const id = crypto.randomUUID();
    const drafts = new PassageDrafts(database.db, id, 'brief.pdf');
    // Over the batch size in one go, then a little more that only the flush writes.
    drafts.add(
      Array.from({ length: 40 }, (_, i) => passage(i, `page ${i} fresh produce `.repeat(40))),
    );
    drafts.add([passage(40, 'the last words')]);
    await drafts.flush();
    const written = await draftsOf(id);
    expect(written.map((d) => d.ordinal)).toEqual(Array.from({ length: 41 }, (_, i) => i));
    expect(written[40]).toMatchObject({
      heading: 'brief.pdf p.40',
      text: 'the last words',
      charStart: 4000,
    });
    await database.db.transaction((tx) => drafts.promote(tx, ws));
    const moved = await database.db
      .select()
      .from(chunks)
      .where(eq(chunks.sourceId, id))
      .orderBy(chunks.ordinal);
    expect(moved).toHaveLength(41);
    expect(moved[40]).toMatchObject({
      workspaceId: ws,
      sourceKind: 'reference',
      heading: 'brief.pdf p.40',
      text: 'the last words',
      charStart: 4000,
      charEnd: 4014,
    });
    expect(moved[40].tsv).toBe(await vectorOf('brief.pdf p.40', 'the last words'));
    expect(moved[7].tsv).toBe(written[7].tsv);
    expect(await draftsOf(id)).toEqual([]);
  });

  it('promoting before a flush is refused (PGlite would wait on its own transaction)', async () => {
    const drafts = new PassageDrafts(database.db, crypto.randomUUID(), 'a.csv');
    drafts.add([passage(0, 'header')]);
    await expect(database.db.transaction((tx) => drafts.promote(tx, ws))).rejects.toThrow(
      /must be flushed before they are promoted/,
    );
    await drafts.discard();
  });

  it('a failed write fails the flush, and discard leaves nothing behind', async () => {
    const id = crypto.randomUUID();
    const drafts = new PassageDrafts(database.db, id, 'bad.csv');
    drafts.add([passage(0, 'x'.repeat(40_000))]);
    // PostgreSQL text cannot hold U+0000 (the parse worker strips it; here it reaches the database).
    drafts.add([passage(1, 'nul \u0000 inside')]);
    await expect(drafts.flush()).rejects.toThrow();
    await drafts.discard();
    expect(await draftsOf(id)).toEqual([]);
  });

  it('the sweep at open removes drafts older than its age, and all of them at age 0', async () => {
    const old = crypto.randomUUID();
    const recent = crypto.randomUUID();
    await database.db.insert(passageDrafts).values([
      {
        ingestId: old,
        ordinal: 0,
        heading: 'h',
        text: 'left by a dead process',
        charStart: 0,
        charEnd: 22,
        createdAt: new Date(Date.now() - 2 * 3600_000),
      },
      {
        ingestId: recent,
        ordinal: 0,
        heading: 'h',
        text: 'an ingest still running',
        charStart: 0,
        charEnd: 23,
      },
    ]);
    await sweepStaleDrafts(database.db, 3600_000);
    expect((await database.db.select().from(passageDrafts)).map((d) => d.ingestId)).toEqual([
      recent,
    ]);
    await sweepStaleDrafts(database.db, 0);
    expect(await database.db.select().from(passageDrafts)).toEqual([]);
  });
});
