import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { AssistantMarkdown, markdownLoaded } from '@/app/_components/markdown';
import { SearchProgress } from '@/app/_components/search-progress';
import { SearchResults } from '@/app/_components/search-results';
import type { Citation, CitationLinks, SearchWebResult } from '@/app/_lib/search';

const citation = (n: number, status = 'valid'): Citation => ({
  n,
  url: `https://example.org/articles/${n}`,
  title: `Article ${n}`,
  passage: `Passage ${n} about grotesque typefaces.`,
  status,
  chunkId: `00000000-0000-4000-8000-00000000000${n}`,
  start: 10,
  end: 50,
});
const links = (...cs: Citation[]): CitationLinks => ({
  byN: new Map(cs.map((c) => [c.n, c])),
  open: () => undefined,
});
const md = (text: string, l?: CitationLinks) =>
  renderToStaticMarkup(createElement(AssistantMarkdown, { text, citations: l }));
// The renderer is a chunk of its own: rendered before it arrives, the text shows as written.
beforeAll(markdownLoaded);

const buttons = (html: string) => [...html.matchAll(/data-n="(\d+)"/g)].map((m) => Number(m[1]));

describe('citation markers in assistant markdown', () => {
  it('turns [n] after a claim into a button for known citations only', () => {
    const html = md(
      'Swiss posters use a grid [1]. Helvetica dates from 1957 [2][3], Univers too [1, 2]. Unknown [9].',
      links(citation(1), citation(2), citation(3)),
    );
    expect(buttons(html)).toEqual([1, 2, 3, 1, 2]);
    expect(html).toContain('Unknown [9].');
  });

  it('leaves a marker that opens a line (a list label) as text, and links nothing without citations', () => {
    const text = '**Used:**\n[1] `search_web`: found 3 sources\n- a claim in a list item [1]';
    const html = md(text, links(citation(1)));
    expect(buttons(html)).toEqual([1]);
    expect(html).toContain('[1] <code>search_web</code>');
    expect(buttons(md('a claim [1]'))).toEqual([]);
  });

  it('never turns raw HTML or link text into citations', () => {
    const html = md(
      '<button data-n="1">x</button> see [the page [1]](https://example.org) and a claim [1]',
      links(citation(1)),
    );
    expect(buttons(html)).toEqual([1]);
    expect(html).toContain('&lt;button data-n=&quot;1&quot;&gt;');
  });
});

describe('the search panel', () => {
  const result: SearchWebResult = {
    runId: 'r1',
    answer: 'Findings:\n\n- Grotesques rule the Swiss poster [1].\n- Red is the usual accent [2].',
    citations: [citation(1), citation(2, 'flagged')],
    sources: [
      {
        url: 'https://www.example.org/articles/1',
        title: 'Article 1',
        fetchedAt: '2024-05-01T10:00:00.000Z',
        sha256: 'a'.repeat(64),
        snippet: 'Swiss typography relies on grotesques.',
      },
      { url: 'reference:5b1c', title: 'Brand brief', fetchedAt: null, sha256: null, snippet: '' },
    ],
  };

  it('lists citations (weak support marked) and sources with site, fetched time and snippet; loads no images', () => {
    const html = renderToStaticMarkup(
      createElement(SearchResults, {
        query: 'swiss type',
        result,
        links: links(...result.citations),
      }),
    );
    expect(html.match(/data-testid="weak-support"/g)).toHaveLength(1);
    expect(html).toContain('data-testid="source-site">example.org<');
    expect(html).toContain('data-testid="source-site">reference<');
    expect(html).toContain('Swiss typography relies on grotesques.');
    expect(html).toMatch(/fetched [^<]*2024/);
    expect(html).toContain('rel="noopener noreferrer nofollow"');
    expect(html).not.toContain('href="reference:');
    expect(html).not.toContain('<img');
    expect(buttons(html)).toEqual([1, 2, 1, 2]);
  });

  it('shows live totals while running, and a stopped run without the pulse', () => {
    const progress = {
      status: 'running' as const,
      queries: 3,
      completed: 1,
      failed: 1,
      pagesRead: 4,
      learnings: 6,
      depth: 1,
      latest: 'read https://example.org/a',
    };
    const live = renderToStaticMarkup(
      createElement(SearchProgress, { query: 'swiss type', progress, stopped: false }),
    );
    expect(live).toContain('2 / 3 (1 failed)');
    expect(live).toContain('read https://example.org/a');
    expect(live).toContain('animate-pulse');
    const stopped = renderToStaticMarkup(
      createElement(SearchProgress, { query: 'swiss type', progress, stopped: true }),
    );
    expect(stopped).toContain('Research stopped before it finished');
    expect(stopped).not.toContain('animate-pulse');
  });
});
