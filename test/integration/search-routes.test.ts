import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as passages from '@/app/api/search/passages/[id]/route';
import * as runs from '@/app/api/search/runs/[id]/route';
import * as invites from '@/app/api/workspaces/[id]/invites/route';
import * as workspaces from '@/app/api/workspaces/route';
import type { Database } from '@/db/client';
import { chunks } from '@/db/schema';
import { fetcherFor, readSearchConfig } from '@/lib/search/config';
import { readUrl, runSearch, type SearchDeps } from '@/lib/search/service';
import type { SearchOutcome } from '@/lib/search/store/outcome';
import type { StoredPage } from '@/lib/search/types';
import type { PassageView } from '@/lib/search/view';
import { type Client, call, signUpClient } from '../helpers/http';
import { type FixtureSite, startFixtureSite } from '../helpers/search-site';
import { freshDatabase } from '../helpers/test-db';

let database: Database;
let site: FixtureSite;
let alice: Client;
let bob: Client;
let vera: Client;
let page: StoredPage;
let run: SearchOutcome;
const reference = { id: randomUUID(), chunkIds: [] as string[] };

beforeAll(async () => {
  database = await freshDatabase();
  site = await startFixtureSite();
  const config = readSearchConfig({ ...process.env, ATELIER_FETCH_ALLOW: '127.0.0.1' });
  const deps: SearchDeps = { config, fetcher: fetcherFor(config.fetch) };
  alice = await signUpClient('alice-routes@example.com');
  bob = await signUpClient('bob-routes@example.com');
  vera = await signUpClient('vera-routes@example.com');
  const teamWs = (
    await (await call(workspaces.POST, { client: alice, body: { name: 'Research team' } })).json()
  ).workspace.id;
  await call(invites.POST, {
    client: alice,
    params: { id: teamWs },
    body: { email: 'vera-routes@example.com', role: 'viewer' },
  });
  const who = {
    userId: alice.user.id,
    actor: `user:${alice.user.id}`,
    isAdmin: alice.user.isAdmin,
  };
  page = await readUrl(database.db, who, teamWs, site.url('/articles/swiss-style'), deps);
  run = await runSearch(
    database.db,
    who,
    teamWs,
    { query: 'Helvetica Miedinger 1957', providers: ['local'] },
    deps,
  );
  const texts = [
    'The brief: a poster series for a jazz festival.',
    'Use a tangerine accent colour on every poster.',
    'Deliver A2 and A3 sizes.',
  ];
  const rows = await database.db
    .insert(chunks)
    .values(
      texts.map((text, ordinal) => ({
        workspaceId: teamWs,
        sourceKind: 'reference' as const,
        sourceId: reference.id,
        ordinal,
        heading: 'Festival brief',
        text,
        charStart: ordinal * 100,
        charEnd: ordinal * 100 + text.length,
      })),
    )
    .returning({ id: chunks.id });
  reference.chunkIds = rows.map((r) => r.id);
}, 120_000);
afterAll(async () => {
  await site.close();
  await database.close();
});

const get = (handler: unknown, id: string, client?: Client) =>
  call(handler, { client, params: { id } });
type Case = [string, unknown, () => string];
const cases: Case[] = [
  ['GET /api/search/runs/:id', runs.GET, () => run.runId],
  ['GET /api/search/passages/:id', passages.GET, () => run.citations[0].chunkId],
];

describe('search routes: members only', () => {
  it('the run cites a stored passage', () => {
    expect(run.status).toBe('complete');
    expect(run.citations.length).toBeGreaterThan(0);
  });

  it.each(cases)('%s: 200 for a member, a viewer included', async (_n, handler, id) => {
    for (const who of [alice, vera]) expect((await get(handler, id(), who)).status).toBe(200);
  });

  it.each(cases)('%s: 404 for a member of another workspace', async (_n, handler, id) => {
    const res = await get(handler, id(), bob);
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body.error.code).toBe('not_found');
    expect(JSON.stringify(body)).not.toContain('Helvetica');
  });

  it.each(cases)('%s: 401 without a session', async (_n, handler, id) => {
    expect((await get(handler, id())).status).toBe(401);
  });

  it.each(cases)('%s: 404 for an unknown id, 400 for a malformed one', async (_n, handler) => {
    expect((await get(handler, randomUUID(), alice)).status).toBe(404);
    const bad = await get(handler, 'not-a-uuid', alice);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toEqual({ code: 'bad_request', message: 'not a valid id' });
  });
});

describe('what the routes return', () => {
  it('the run as stored: answer, citations and sources', async () => {
    const body = await (await get(runs.GET, run.runId, vera)).json();
    expect(body.run).toEqual(JSON.parse(JSON.stringify(run)));
    expect(body.run.sources[0]).toMatchObject({
      finalUrl: site.url('/articles/swiss-style'),
      sha256: page.sha256,
      snippet: expect.stringContaining('Helvetica'),
    });
  });

  it('a cited web passage with its source and the page text around it', async () => {
    const cited = run.citations[0];
    const body: PassageView = await (await get(passages.GET, cited.chunkId, alice)).json();
    expect(body.passage).toMatchObject({
      id: cited.chunkId,
      start: expect.any(Number),
      end: expect.any(Number),
    });
    expect(body.passage.start).toBeLessThanOrEqual(cited.start);
    expect(body.passage.end).toBeGreaterThanOrEqual(cited.end);
    expect(
      body.passage.text.slice(cited.start - body.passage.start, cited.end - body.passage.start),
    ).toBe(cited.passage);
    expect(body.source).toEqual({
      kind: 'web',
      id: page.sourceId,
      url: site.url('/articles/swiss-style'),
      finalUrl: site.url('/articles/swiss-style'),
      title: page.title,
      fetchedAt: page.fetchedAt.toISOString(),
      sha256: page.sha256,
    });
    const { before, after } = body.context;
    expect(before.length + after.length).toBeGreaterThan(100);
    expect(page.text.slice(body.passage.start - before.length, body.passage.start)).toBe(before);
    expect(page.text.slice(body.passage.end, body.passage.end + after.length)).toBe(after);
    expect(page.text.slice(body.passage.start, body.passage.end)).toBe(body.passage.text);
  });

  it('a reference passage takes its neighbouring passages as context', async () => {
    const body: PassageView = await (await get(passages.GET, reference.chunkIds[1], vera)).json();
    expect(body.passage.text).toBe('Use a tangerine accent colour on every poster.');
    expect(body.source).toEqual({
      kind: 'reference',
      id: reference.id,
      url: `reference:${reference.id}`,
      finalUrl: `reference:${reference.id}`,
      title: 'Festival brief',
      fetchedAt: null,
      sha256: null,
    });
    expect(body.context).toEqual({
      before: 'The brief: a poster series for a jazz festival.\n\n',
      after: '\n\nDeliver A2 and A3 sizes.',
      moreBefore: false,
      moreAfter: false,
    });
    expect((await get(passages.GET, reference.chunkIds[1], bob)).status).toBe(404);
  });
});
