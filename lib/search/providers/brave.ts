import { z } from 'zod';
import { callJsonApi, endpoint, plainText, type SearchProvider } from './base';

const Response = z.object({
  web: z
    .object({
      results: z.array(
        z.object({
          url: z.string(),
          title: z.string().nullish(),
          description: z.string().nullish(),
          page_age: z.string().nullish(),
        }),
      ),
    })
    .nullish(),
});

export const BRAVE_DEFAULT_URL = 'https://api.search.brave.com';

/** Brave Search API, web results (`/res/v1/web/search`, key in `X-Subscription-Token`). */
export function braveProvider(opts: { apiKey: string; baseUrl?: string }): SearchProvider {
  return {
    id: 'brave',
    async search(query, { limit, signal }) {
      const url = endpoint(opts.baseUrl ?? BRAVE_DEFAULT_URL, 'res/v1/web/search');
      url.search = new URLSearchParams({
        q: query,
        count: String(Math.min(20, limit)),
        safesearch: 'moderate',
        text_decorations: 'false',
      }).toString();
      const data = await callJsonApi(
        {
          provider: 'brave',
          url,
          headers: { 'x-subscription-token': opts.apiKey },
          signal,
          secrets: [opts.apiKey],
        },
        Response,
      );
      return (data.web?.results ?? []).slice(0, limit).map((r) => ({
        url: r.url,
        title: plainText(r.title) || r.url,
        snippet: plainText(r.description),
        provider: 'brave',
        publishedAt: r.page_age ?? null,
      }));
    },
  };
}
