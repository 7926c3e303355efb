import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atelier } from '../helpers/cli';
import { type FixtureSite, startFixtureSite } from '../helpers/search-site';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-search-cli-'));
let site: FixtureSite;
const env = () => ({
  ATELIER_DATA_DIR: root,
  ATELIER_FETCH_ALLOW: '127.0.0.1',
  ATELIER_SEARCH_PROVIDERS: 'local,crawl',
  ATELIER_CRAWL_SEEDS: site.url('/sitemap.xml'),
});
const lastLine = (s: string) => s.trim().split('\n').at(-1) ?? '';

beforeAll(async () => {
  site = await startFixtureSite();
});
afterAll(async () => {
  await site.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('read and search on the command line', () => {
  it('read URL --json prints one object with url, finalUrl, status, title, text and passages', async () => {
    const r = await atelier(['read', site.url('/old-swiss'), '--json'], env());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]);
    expect(out).toMatchObject({
      url: site.url('/old-swiss'),
      finalUrl: site.url('/articles/swiss-style'),
      status: 200,
      title: 'The Swiss Style: Grids, Grotesques and Objective Design',
    });
    expect(out.text).toContain('Helvetica was designed in 1957');
    expect(out.passages.length).toBeGreaterThan(3);
    for (const p of out.passages) expect(out.text.slice(p.start, p.end)).toBe(p.text);
  });

  it('search QUERY --deep --json prints the answer with citations and sources', async () => {
    const r = await atelier(
      ['search', 'Swiss poster typography', '--deep', '--breadth', '2', '--depth', '2', '--json'],
      env(),
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\[depth 1\] searching "Swiss poster typography"/);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]);
    expect(out.query).toBe('Swiss poster typography');
    expect(out.answer).toMatch(/\[1\]/);
    expect(out.citations.length).toBeGreaterThan(0);
    for (const c of out.citations) {
      expect(Object.keys(c)).toEqual(expect.arrayContaining(['n', 'url', 'passage']));
      expect(out.answer).toContain(`[${c.n}]`);
      expect(c.url.startsWith(site.origin)).toBe(true);
    }
    for (const s of out.sources)
      expect(Object.keys(s)).toEqual(['url', 'title', 'fetchedAt', 'sha256']);
  });

  it('refuses loopback with an empty allow-list: one error line, exit 1, no request reaches the server', async () => {
    const before = site.requests.length;
    const r = await atelier(['read', site.url('/articles/swiss-style')], {
      ATELIER_DATA_DIR: root,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(lastLine(r.stderr)).toMatch(
      /^error: forbidden: refused to fetch http:\/\/127\.0\.0\.1:\d+\/articles\/swiss-style: 127\.0\.0\.1 is a loopback address/,
    );
    expect(site.requests.length).toBe(before);
  });

  it('refuses bad usage with one line', async () => {
    for (const args of [
      ['read'],
      ['search'],
      ['search', 'x', '--breadth', '3'],
      ['search', 'x', '--deep', '--depth', '9'],
      ['search', 'x', '--providers', 'google'],
    ]) {
      const r = await atelier(args, env());
      expect(r.code).toBe(1);
      expect(lastLine(r.stderr)).toMatch(/^error: (usage|bad_request): /);
    }
  });
});
