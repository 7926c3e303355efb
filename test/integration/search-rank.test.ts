import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { chunks, workspaces } from '@/db/schema';
import { fullTextRetriever } from '@/lib/search/rank';
import { freshDatabase } from '../helpers/test-db';

let database: Database;
let workspaceId: string;
const page = { common: randomUUID(), rare: randomUUID(), manual: randomUUID() };

// Common words fill most passages; the rare term of the question is in one sentence of one page.
const filler = (i: number) =>
  `The package manager builds the package and the package dependencies for every package build ${i}.`;

beforeAll(async () => {
  database = await freshDatabase();
  const [ws] = await database.db.insert(workspaces).values({ name: 'rank' }).returning();
  workspaceId = ws.id;
  const rows = Array.from({ length: 30 }, (_, i) => ({
    sourceId: page.common,
    heading: 'Building packages',
    text: `${filler(i)} ${filler(i + 100)}`,
  }));
  rows.push({
    sourceId: page.rare,
    heading: 'Cache',
    text: [
      'The package cache is shared by every build of the package.',
      'Vendoring copies the sources of each dependency into a local folder, so a build of the package needs no network.',
      'The package build also writes a lock file.',
    ].join(' '),
  });
  rows.push({
    sourceId: page.manual,
    heading: 'manual.pdf p.3',
    text: 'Packages are merged into one database for the desktop. Each application installs a single XML file, and afterwards the application\nMUST run the update-mime-database command, which is provided by the shared\ndatabase.',
  });
  let at = 0;
  await database.db.insert(chunks).values(
    rows.map((r, i) => {
      const row = {
        workspaceId,
        sourceKind: 'web' as const,
        sourceId: r.sourceId,
        ordinal: i,
        heading: r.heading,
        text: r.text,
        charStart: at,
        charEnd: at + r.text.length,
      };
      at += r.text.length + 2;
      return row;
    }),
  );
});

afterAll(async () => {
  await database?.close();
});

describe('passage ranking (BM25 over units)', () => {
  it('puts the sentence with the rare term of the question first, above passages of common words', async () => {
    const [first] = await fullTextRetriever(database.db, {
      workspaceId,
      query: 'how does vendoring a package build work',
      limit: 5,
    });
    expect(first.sourceId).toBe(page.rare);
    expect(first.text).toMatch(/^Vendoring copies the sources/);
    expect(first.text).toMatch(/no network\.$/);
  });

  it('narrows a passage to its unit, and joins the lines a PDF wrapped inside one sentence', async () => {
    const [first] = await fullTextRetriever(database.db, {
      workspaceId,
      query: 'which command must the application run',
      limit: 3,
    });
    expect(first.sourceId).toBe(page.manual);
    expect(first.text).toContain('MUST run the update-mime-database command');
    expect(first.text).toMatch(/^Each application installs/);
    expect(first.end - first.start).toBe(first.text.length);
  });

  it('ranks only the sources asked for, with term statistics of the whole workspace', async () => {
    const out = await fullTextRetriever(database.db, {
      workspaceId,
      query: 'package build vendoring',
      sourceIds: [page.common],
      limit: 4,
    });
    expect(out.length).toBeGreaterThan(0);
    expect(out.every((p) => p.sourceId === page.common)).toBe(true);
  });
});
