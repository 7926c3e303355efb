import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { chunks, webSources, workspaces } from '@/db/schema';
import { bm25Search } from '@/lib/search/bm25';
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

/** A stored web page with its title and one passage per entry of `passages` (heading, text). */
async function storePage(title: string, passages: Array<[string, string]>): Promise<string> {
  const text = passages.map(([, t]) => t).join('\n\n');
  const now = new Date();
  const [row] = await database.db
    .insert(webSources)
    .values({
      workspaceId,
      url: `https://docs.test/${randomUUID()}`,
      finalUrl: 'https://docs.test/page',
      status: 200,
      contentType: 'text/html',
      title,
      sha256: randomUUID().replace(/-/g, '').padEnd(64, '0'),
      bytes: text.length,
      text,
      links: [],
      fetchedAt: now,
      checkedAt: now,
    })
    .returning();
  let at = 0;
  await database.db.insert(chunks).values(
    passages.map(([heading, t], ordinal) => {
      const r = {
        workspaceId,
        sourceKind: 'web' as const,
        sourceId: row.id,
        ordinal,
        heading,
        text: t,
        charStart: at,
        charEnd: at + t.length,
      };
      at += t.length + 2;
      return r;
    }),
  );
  return row.id;
}

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

  it('reads the page title as what its passages are about: "what does X do" finds the page on X', async () => {
    const yank = await storePage('cargo yank - The Book', [
      ['DESCRIPTION', 'The yank command removes a previously published version from the index.'],
    ]);
    const publishing = await storePage('Publishing - The Book', [
      [
        'Managing a crate',
        'A yank of a published version is rare, and the yanked version stays in every lockfile that holds a yanked version.',
      ],
      ['Managing a crate', 'Owners may yank a published version.'],
    ]);
    const query = 'What does cargo yank do to a published version?';
    const [first] = await fullTextRetriever(database.db, { workspaceId, query, limit: 3 });
    expect(first.sourceId).toBe(yank);
    // Each best passage comes with its page's title and whether it opens its section.
    const { chunks: best } = await bm25Search(
      database.db,
      { workspaceId, sourceIds: [yank, publishing] },
      ['yank', 'published', 'version'],
      5,
    );
    expect(
      best
        .map((c) => [c.title, c.heading, c.continues])
        .sort((a, b) => String(a).localeCompare(String(b))),
    ).toEqual([
      ['cargo yank - The Book', 'DESCRIPTION', false],
      ['Publishing - The Book', 'Managing a crate', false],
      ['Publishing - The Book', 'Managing a crate', true],
    ]);
  });

  it("leaves a manual's running head out of the first sentence of each page", async () => {
    const manual = randomUUID();
    const pages = [
      'directory is added to the information found in the shared database before.',
      'The default weight of a glob is 50, and the maximum is 100.',
      'Each file in the shared database lists its types, one per line.',
    ];
    await database.db.insert(chunks).values(
      pages.map((t, i) => {
        const text = `Shared MIME-info Database\n${t}`;
        return {
          workspaceId,
          sourceKind: 'reference' as const,
          sourceId: manual,
          ordinal: i,
          heading: `spec.pdf p.${i + 3}`,
          text,
          charStart: i * 200,
          charEnd: i * 200 + text.length,
        };
      }),
    );
    const out = await fullTextRetriever(database.db, {
      workspaceId,
      query: 'What is the default glob weight in the shared MIME-info database?',
      kinds: ['reference'],
      limit: 3,
    });
    expect(out[0].text).toBe('The default weight of a glob is 50, and the maximum is 100.');
    expect(out.every((p) => !p.text.startsWith('Shared MIME-info Database'))).toBe(true);
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
