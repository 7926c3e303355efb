import { z } from 'zod';
import { callJsonApi, endpoint, plainText, type SearchProvider } from './base';

const Response = z.object({
  results: z.array(
    z.object({
      url: z.string(),
      title: z.string().nullish(),
      content: z.string().nullish(),
      publishedDate: z.string().nullish(),
    }),
  ),
});

/** SearXNG's JSON API (`/search?format=json`; the instance must list `json` in `search.formats`). */
export function searxngProvider(opts: { baseUrl: string }): SearchProvider {
  return {
    id: 'searxng',
    async search(query, { limit, signal }) {
      const url = endpoint(opts.baseUrl, 'search');
      url.search = new URLSearchParams({
        q: query,
        format: 'json',
        pageno: '1',
        safesearch: '1',
      }).toString();
      const data = await callJsonApi({ provider: 'searxng', url, signal }, Response);
      return data.results.slice(0, limit).map((r) => ({
        url: r.url,
        title: plainText(r.title) || r.url,
        snippet: plainText(r.content),
        provider: 'searxng',
        publishedAt: r.publishedDate ?? null,
      }));
    },
  };
}
