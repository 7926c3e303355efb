import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { chunks, webSources, workspaces } from '@/db/schema';
import { PDF_NOTE } from '@/lib/search/extract';
import { parseAllowList } from '@/lib/search/fetch/allow';
import { FetchError } from '@/lib/search/fetch/errors';
import { SafeFetcher } from '@/lib/search/fetch/fetcher';
import { readWebPage } from '@/lib/search/store/pages';
import { type FixtureSite, startFixtureSite } from '../helpers/search-site';
import { freshDatabase } from '../helpers/test-db';

let database: Database;
let site: FixtureSite;
let other: FixtureSite;
let ws: string;
const allowLoopback = () =>
  new SafeFetcher({ allow: parseAllowList(['127.0.0.1']), timeoutMs: 5000 });

async function refusal(p: Promise<unknown>): Promise<FetchError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FetchError);
  return err as FetchError;
}

beforeAll(async () => {
  database = await freshDatabase();
  [{ id: ws }] = await database.db.insert(workspaces).values({ name: 'fetch tests' }).returning();
  other = await startFixtureSite({ host: '127.0.0.2' });
  site = await startFixtureSite({
    slowMs: 3000,
    hugeBytes: 2 * 1024 * 1024,
    redirectTarget: `${other.origin}/articles/swiss-style`,
  });
});
afterAll(async () => {
  await site.close();
  await other.close();
  await database.close();
});

describe('the SSRF guard', () => {
  it('with an empty allow-list, loopback URLs are refused and the server sees no request', async () => {
    const before = site.requests.length;
    const fetcher = new SafeFetcher();
    const port = new URL(site.origin).port;
    for (const url of [
      site.url('/'),
      `http://localhost:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://[::1]:${port}/`,
      `http://2130706433:${port}/`,
    ]) {
      const err = await refusal(fetcher.fetch(url));
      expect(err.reason).toBe('address');
      expect(err.code).toBe('forbidden');
      expect(err.message).toMatch(/refused to fetch .* is a loopback address/);
    }
    expect(site.requests.length).toBe(before);
  });

  it('a redirect from an allowed host to a refused one is refused before it is followed', async () => {
    const err = await refusal(allowLoopback().fetch(site.url('/redirect-out')));
    expect(err.reason).toBe('address');
    expect(err.message).toContain('127.0.0.2 is a loopback address');
    expect(site.hits('/redirect-out')).toBe(1);
    expect(other.requests).toEqual([]);
  });

  it('connects to the address it checked: the socket never resolves the name again', async () => {
    // "localhost" is 127.0.0.1 for the system, but the checked answer says 127.0.0.2, where the only
    // server listening on that port is: reaching it proves the connection used the checked address.
    const answers = [['127.0.0.2'], ['127.0.0.9']];
    let calls = 0;
    const fetcher = new SafeFetcher({
      allow: parseAllowList(['127.0.0.2']),
      robots: false,
      resolve: async () => answers[Math.min(calls++, 1)],
    });
    const port = new URL(other.origin).port;
    const res = await fetcher.fetch(`http://localhost:${port}/articles/swiss-style`);
    expect(res.status).toBe(200);
    expect(calls).toBe(1);
    expect(other.requests.at(-1)).toMatchObject({
      path: '/articles/swiss-style',
      headers: { host: `localhost:${port}` },
    });
    // The next request resolves again and meets the refused answer.
    await expect(fetcher.fetch(`http://localhost:${port}/`)).rejects.toThrow(
      /127\.0\.0\.9 is a loopback/,
    );
    other.requests.length = 0;
  });
});

describe('fetching allowed pages', () => {
  it('records final URL, status, fetch time, validators and content sha256 across a redirect', async () => {
    const res = await allowLoopback().fetch(site.url('/old-swiss'));
    expect(res).toMatchObject({
      url: site.url('/old-swiss'),
      finalUrl: site.url('/articles/swiss-style'),
      status: 200,
      mime: 'text/html',
      charset: 'utf-8',
      etag: '"swiss-v1"',
    });
    expect(res.redirects).toEqual([site.url('/articles/swiss-style')]);
    expect(res.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(res.fetchedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(
      site.requests.find((r) => r.path === '/articles/swiss-style')!.headers['user-agent'],
    ).toMatch(/AtelierBot/);
  });

  it('honours robots.txt, and can be told not to', async () => {
    const err = await refusal(allowLoopback().fetch(site.url('/private/drafts')));
    expect(err).toMatchObject({ reason: 'robots', code: 'forbidden' });
    expect(site.hits('/private/drafts')).toBe(0);
    const free = new SafeFetcher({ allow: parseAllowList(['127.0.0.1']), robots: false });
    expect((await free.fetch(site.url('/private/drafts'))).status).toBe(200);
  });

  it('caps size whether or not the length is declared, and time', async () => {
    const small = new SafeFetcher({
      allow: parseAllowList(['127.0.0.1']),
      maxBytes: 256 * 1024,
      timeoutMs: 400,
    });
    for (const path of ['/huge', '/huge-chunked']) {
      const err = await refusal(small.fetch(site.url(path)));
      expect(err).toMatchObject({ reason: 'size', code: 'payload_too_large' });
      expect(err.message).toMatch(/larger than 256 KiB/);
    }
    const started = Date.now();
    const slow = await refusal(small.fetch(site.url('/slow')));
    expect(slow).toMatchObject({ reason: 'timeout', code: 'provider_error' });
    expect(slow.message).toMatch(/did not answer within/);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('accepts HTML, text and PDF only, and stops redirect loops', async () => {
    const f = allowLoopback();
    const img = await refusal(f.fetch(site.url('/images/cover.jpg')));
    expect(img.message).toMatch(/image\/jpeg is not HTML, text or PDF/);
    expect((await f.fetch(site.url('/brief.pdf'))).mime).toBe('application/pdf');
    expect((await f.fetch(site.url('/notes.txt'))).mime).toBe('text/plain');
    expect((await refusal(f.fetch(site.url('/loop')))).reason).toBe('redirects');
  });

  it('limits concurrent requests per host', async () => {
    let active = 0;
    let peak = 0;
    const server = http.createServer((req, res) => {
      active++;
      peak = Math.max(peak, active);
      setTimeout(() => {
        active--;
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      }, 60);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const f = new SafeFetcher({ allow: parseAllowList(['127.0.0.1']), robots: false, perHost: 2 });
    await Promise.all(Array.from({ length: 6 }, (_, i) => f.fetch(`${base}/p${i}`)));
    server.close();
    expect(peak).toBe(2);
  });
});

describe('stored pages', () => {
  const store = () => ({ db: database.db, workspaceId: ws, fetcher: allowLoopback(), freshMs: 0 });

  it('stores a page version once and revalidates it with its ETag (304)', async () => {
    const first = await readWebPage(store(), site.url('/etag'));
    const again = await readWebPage(store(), site.url('/etag'));
    expect(again.sourceId).toBe(first.sourceId);
    const etagRequests = site.requests.filter((r) => r.path === '/etag');
    expect(etagRequests).toHaveLength(2);
    expect(etagRequests[1].headers['if-none-match']).toBe('"etag-v1"');
    expect(
      await database.db
        .select()
        .from(webSources)
        .where(eq(webSources.url, site.url('/etag'))),
    ).toHaveLength(1);
    expect(first.passages.length).toBeGreaterThan(1);
    for (const p of first.passages) expect(first.text.slice(p.start, p.end)).toBe(p.text);
  });

  it('uses a fresh copy without asking the site', async () => {
    const before = site.hits('/etag');
    await readWebPage({ ...store(), freshMs: 60_000 }, site.url('/etag'));
    expect(site.hits('/etag')).toBe(before);
  });

  it('same content fetched again is the same version; a 404 is an error', async () => {
    const a = await readWebPage(store(), site.url('/articles/poster-colour'));
    const b = await readWebPage(store(), site.url('/articles/poster-colour'));
    expect(b.sourceId).toBe(a.sourceId);
    await expect(readWebPage(store(), site.url('/missing'))).rejects.toThrow(/answered HTTP 404/);
  });

  it('keeps a PDF as a source without passages, with a note', async () => {
    const pdf = await readWebPage(store(), site.url('/brief.pdf'));
    expect(pdf).toMatchObject({
      contentType: 'application/pdf',
      title: 'brief.pdf',
      text: '',
      note: PDF_NOTE,
      passages: [],
    });
    expect(pdf.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(
      await database.db.select().from(chunks).where(eq(chunks.sourceId, pdf.sourceId)),
    ).toEqual([]);
  });

  it('keeps plain text with its headings', async () => {
    const txt = await readWebPage(store(), site.url('/notes.txt'));
    expect(txt.title).toBe('Poster notes');
    expect(txt.passages.map((p) => p.heading)).toEqual(['Poster notes', 'Poster notes › Colour']);
  });
});
