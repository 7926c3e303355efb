import { z } from 'zod';
import { callJsonApi, endpoint, plainText, type SearchProvider } from './base';

const Response = z.object({
  results: z.array(
    z.object({
      url: z.string(),
      title: z.string().nullish(),
      content: z.string().nullish(),
      published_date: z.string().nullish(),
    }),
  ),
});

export const TAVILY_DEFAULT_URL = 'https://api.tavily.com';

/** Tavily search (`POST /search`, bearer key); its own answer and raw page content are not requested. */
export function tavilyProvider(opts: { apiKey: string; baseUrl?: string }): SearchProvider {
  return {
    id: 'tavily',
    async search(query, { limit, signal }) {
      const data = await callJsonApi(
        {
          provider: 'tavily',
          url: endpoint(opts.baseUrl ?? TAVILY_DEFAULT_URL, 'search'),
          method: 'POST',
          headers: { authorization: `Bearer ${opts.apiKey}` },
          body: {
            query: query.slice(0, 400),
            max_results: Math.min(20, limit),
            search_depth: 'basic',
            include_answer: false,
            include_raw_content: false,
          },
          signal,
          secrets: [opts.apiKey],
        },
        Response,
      );
      return data.results.slice(0, limit).map((r) => ({
        url: r.url,
        title: plainText(r.title) || r.url,
        snippet: plainText(r.content),
        provider: 'tavily',
        publishedAt: r.published_date ?? null,
      }));
    },
  };
}
