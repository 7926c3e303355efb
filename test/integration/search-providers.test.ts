import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { readSearchConfig } from '@/lib/search/config';
import { buildProviders, searchAll } from '@/lib/search/providers';
import type { SearchProvider } from '@/lib/search/providers/base';
import { braveProvider } from '@/lib/search/providers/brave';
import { searxngProvider } from '@/lib/search/providers/searxng';
import { tavilyProvider } from '@/lib/search/providers/tavily';

type Seen = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
};
type Reply = { status: number; body: string; headers?: Record<string, string> };

let server: http.Server;
let base: string;
let seen: Seen[] = [];
let reply: Reply;
const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...headers },
});
const call = { limit: 3, signal: AbortSignal.timeout(5000) };
const KEY = 'sk-test-abcdef123456';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      seen.push({
        method: req.method ?? '',
        path: u.pathname,
        query: u.searchParams,
        headers: req.headers,
        body,
      });
      res.writeHead(reply.status, reply.headers ?? {});
      res.end(reply.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  seen = [];
});

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('SearXNG adapter', () => {
  const searx = () => searxngProvider({ baseUrl: `${base}/searx/` });

  it('calls /search with format=json under the base path and maps results', async () => {
    reply = json(200, {
      query: 'swiss posters',
      number_of_results: 0,
      results: [
        {
          url: 'https://a.example/1',
          title: 'Swiss &amp; posters',
          content: 'The <b>grid</b> rules.',
          engine: 'duckduckgo',
          engines: ['duckduckgo'],
          score: 1.5,
          category: 'general',
          publishedDate: '2023-01-01T00:00:00',
        },
        { url: 'https://b.example/2', title: 'B', content: null, engine: 'bing', score: 1 },
        { url: 'https://c.example/3', title: 'C', content: 'c' },
        { url: 'https://d.example/4', title: 'D', content: 'd' },
      ],
      answers: [],
      corrections: [],
      infoboxes: [],
      suggestions: [],
      unresponsive_engines: [['google', 'timeout']],
    });
    const results = await searx().search('swiss posters', call);
    expect(seen[0].path).toBe('/searx/search');
    expect(Object.fromEntries(seen[0].query)).toMatchObject({
      q: 'swiss posters',
      format: 'json',
      pageno: '1',
    });
    expect(results).toEqual([
      {
        url: 'https://a.example/1',
        title: 'Swiss & posters',
        snippet: 'The grid rules.',
        provider: 'searxng',
        publishedAt: '2023-01-01T00:00:00',
      },
      {
        url: 'https://b.example/2',
        title: 'B',
        snippet: '',
        provider: 'searxng',
        publishedAt: null,
      },
      {
        url: 'https://c.example/3',
        title: 'C',
        snippet: 'c',
        provider: 'searxng',
        publishedAt: null,
      },
    ]);
  });

  it('explains a 403 (JSON format disabled), a 429 from its limiter, non-JSON and a wrong shape', async () => {
    reply = {
      status: 403,
      body: '<html><body>Forbidden</body></html>',
      headers: { 'content-type': 'text/html' },
    };
    expect((await failure(searx().search('q', call))).message).toBe(
      'search provider searxng refused the request (HTTP 403); check its API key or settings',
    );
    reply = {
      status: 429,
      body: 'Too Many Requests',
      headers: { 'content-type': 'text/plain', 'retry-after': '12' },
    };
    const limited = await failure(searx().search('q', call));
    expect(limited.code).toBe('rate_limited');
    expect(limited.message).toBe(
      'search provider searxng is rate limited; retry in 12 s: Too Many Requests',
    );
    reply = {
      status: 200,
      body: '<html>not json</html>',
      headers: { 'content-type': 'text/html' },
    };
    expect((await failure(searx().search('q', call))).message).toBe(
      'search provider searxng did not answer JSON',
    );
    reply = json(200, { results: [{ title: 'no url' }] });
    expect((await failure(searx().search('q', call))).message).toBe(
      'search provider searxng answered in an unexpected shape (results.0.url)',
    );
  });
});

describe('Brave adapter', () => {
  const brave = () => braveProvider({ apiKey: KEY, baseUrl: base });

  it('sends the key in X-Subscription-Token and maps web results', async () => {
    reply = json(200, {
      type: 'search',
      query: { original: 'swiss posters', show_strict_warning: false },
      mixed: { type: 'mixed', main: [{ type: 'web', index: 0, all: false }] },
      web: {
        type: 'search',
        results: [
          {
            type: 'search_result',
            title: 'Swiss <strong>Posters</strong>',
            url: 'https://a.example/',
            description: 'About the <strong>grid</strong>.',
            page_age: '2023-05-14T09:00:00',
            language: 'en',
            family_friendly: true,
          },
          {
            type: 'search_result',
            title: 'Two',
            url: 'https://b.example/',
            description: 'Second.',
          },
        ],
        family_friendly: true,
      },
    });
    const results = await brave().search('swiss posters', call);
    expect(seen[0]).toMatchObject({ method: 'GET', path: '/res/v1/web/search' });
    expect(seen[0].headers['x-subscription-token']).toBe(KEY);
    expect(Object.fromEntries(seen[0].query)).toMatchObject({ q: 'swiss posters', count: '3' });
    expect(results[0]).toEqual({
      url: 'https://a.example/',
      title: 'Swiss Posters',
      snippet: 'About the grid.',
      provider: 'brave',
      publishedAt: '2023-05-14T09:00:00',
    });
    reply = json(200, { type: 'search', query: { original: 'x' } });
    expect(await brave().search('x', call)).toEqual([]);
  });

  it('turns its documented errors into one line without the key', async () => {
    reply = json(401, {
      type: 'ErrorResponse',
      error: {
        id: 'e1',
        status: 401,
        code: 'SUBSCRIPTION_TOKEN_INVALID',
        detail: `The provided subscription token ${KEY} is invalid.`,
        meta: { component: 'authentication' },
      },
      time: 1700000000,
    });
    const auth = await failure(brave().search('q', call));
    expect(auth.code).toBe('provider_error');
    expect(auth.message).toBe(
      'search provider brave refused the request (HTTP 401); check its API key or settings: The provided subscription token [redacted] is invalid.',
    );
    reply = json(
      429,
      {
        type: 'ErrorResponse',
        error: {
          id: 'e2',
          status: 429,
          code: 'RATE_LIMITED',
          detail: 'Request rate limit exceeded for plan.',
          meta: {
            plan: 'Free',
            rate_limit: 1,
            rate_current: 1,
            quota_limit: 2000,
            quota_current: 40,
            component: 'rate_limiter',
          },
        },
        time: 1700000000,
      },
      {
        'x-ratelimit-limit': '1, 2000',
        'x-ratelimit-remaining': '0, 1960',
        'x-ratelimit-reset': '1, 1419704',
      },
    );
    const limited = await failure(brave().search('q', call));
    expect(limited.code).toBe('rate_limited');
    expect(limited.message).toBe(
      'search provider brave is rate limited; retry in 1 s: Request rate limit exceeded for plan.',
    );
    reply = json(422, {
      type: 'ErrorResponse',
      error: {
        id: 'e3',
        status: 422,
        code: 'VALIDATION',
        detail: 'Unable to validate request parameter(s).',
      },
    });
    expect((await failure(brave().search('q', call))).message).toBe(
      'search provider brave answered HTTP 422: Unable to validate request parameter(s).',
    );
  });
});

describe('Tavily adapter', () => {
  const tavily = () => tavilyProvider({ apiKey: KEY, baseUrl: base });

  it('POSTs the query with a bearer key and maps results', async () => {
    reply = json(200, {
      query: 'swiss posters',
      follow_up_questions: null,
      answer: null,
      images: [],
      results: [
        {
          title: 'Swiss Style',
          url: 'https://a.example/',
          content: 'Grids and grotesques.',
          score: 0.93,
          raw_content: null,
          published_date: 'Sun, 14 May 2023',
        },
      ],
      response_time: 1.07,
      request_id: 'req-1',
    });
    const results = await tavily().search('swiss posters', call);
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/search' });
    expect(seen[0].headers.authorization).toBe(`Bearer ${KEY}`);
    expect(JSON.parse(seen[0].body)).toMatchObject({
      query: 'swiss posters',
      max_results: 3,
      search_depth: 'basic',
      include_answer: false,
    });
    expect(results).toEqual([
      {
        url: 'https://a.example/',
        title: 'Swiss Style',
        snippet: 'Grids and grotesques.',
        provider: 'tavily',
        publishedAt: 'Sun, 14 May 2023',
      },
    ]);
  });

  it('turns 401, 429 and plan-limit errors into one line', async () => {
    reply = json(401, { detail: { error: 'Unauthorized: missing or invalid API key.' } });
    expect((await failure(tavily().search('q', call))).message).toBe(
      'search provider tavily refused the request (HTTP 401); check its API key or settings: Unauthorized: missing or invalid API key.',
    );
    reply = json(
      429,
      { detail: { error: 'Your request has been blocked due to excessive requests.' } },
      { 'retry-after': '30' },
    );
    const limited = await failure(tavily().search('q', call));
    expect(limited).toMatchObject({
      code: 'rate_limited',
      message:
        'search provider tavily is rate limited; retry in 30 s: Your request has been blocked due to excessive requests.',
    });
    reply = json(432, { detail: { error: "This request exceeds your plan's set usage limit." } });
    expect((await failure(tavily().search('q', call))).message).toBe(
      "search provider tavily answered HTTP 432: This request exceeds your plan's set usage limit.",
    );
  });

  it('an unreachable endpoint is a provider error, not a crash', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await failure(
      tavilyProvider({ apiKey: KEY, baseUrl: `http://127.0.0.1:${port}` }).search('q', call),
    );
    expect(err.message).toBe('search provider tavily could not be reached (ECONNREFUSED)');
  });
});

describe('providers together', () => {
  const fixed = (id: string, urls: string[]): SearchProvider => ({
    id,
    search: async () => urls.map((url) => ({ url, title: url, snippet: '', provider: id })),
  });
  const broken: SearchProvider = {
    id: 'brave',
    search: async () =>
      Promise.reject(new AppError('rate_limited', 'search provider brave is rate limited')),
  };

  it('interleaves providers, keeps each URL once, and survives one failing', async () => {
    const out = await searchAll(
      [fixed('a', ['u1', 'u2', 'u3']), broken, fixed('b', ['v1', 'u1', 'v2'])],
      'q',
      5,
      AbortSignal.timeout(1000),
    );
    expect(out.results.map((r) => r.url)).toEqual(['u1', 'v1', 'u2', 'u3', 'v2']);
    expect(out.errors).toEqual(['brave: search provider brave is rate limited']);
  });

  it('reads providers, keys and base URLs from the environment, and names what is missing', () => {
    const cfg = readSearchConfig({
      ATELIER_BRAVE_API_KEY: KEY,
      ATELIER_BRAVE_URL: base,
      ATELIER_FETCH_ALLOW: '127.0.0.1, 10.0.0.0/8',
    });
    expect(cfg.providers).toEqual(['local', 'crawl']);
    expect(cfg.brave).toEqual({ apiKey: KEY, baseUrl: base });
    expect(cfg.fetch).toMatchObject({ allow: ['127.0.0.1', '10.0.0.0/8'], robots: true });
    expect(readSearchConfig({ ATELIER_FETCH_ROBOTS: 'off' }).fetch.robots).toBe(false);
    expect(() => readSearchConfig({ ATELIER_SEARCH_PROVIDERS: 'local,google' })).toThrow(
      'unknown search provider "google" (known: local, crawl, searxng, brave, tavily)',
    );
    const deps = { store: {} as never, retrieve: (async () => []) as never };
    expect(() => buildProviders(['tavily'], readSearchConfig({}), deps)).toThrow(
      'the tavily search provider needs ATELIER_TAVILY_API_KEY',
    );
    expect(
      buildProviders(
        ['brave', 'searxng'],
        readSearchConfig({ ATELIER_BRAVE_API_KEY: KEY, ATELIER_SEARXNG_URL: base }),
        deps,
      ).map((p) => p.id),
    ).toEqual(['brave', 'searxng']);
  });
});
