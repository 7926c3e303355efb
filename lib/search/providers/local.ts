import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { webSources } from '../../../db/schema';
import type { PassageRetriever } from '../rank';
import { referenceUrl } from '../store/pages';
import type { Passage, SearchResult } from '../types';
import type { SearchProvider } from './base';

/**
 * Full-text search over what this workspace already holds: fetched pages and reference passages.
 * `after`: what must be stored first (the run's crawl), so the same search over the same stored
 * pages answers the same whether or not this run is the one that stored them.
 */
export function localProvider(opts: {
  db: DbOrTx;
  workspaceId: string;
  retrieve: PassageRetriever;
  after?: () => Promise<void>;
}): SearchProvider {
  return {
    id: 'local',
    async search(query, { limit }) {
      await opts.after?.();
      const passages = await opts.retrieve(opts.db, {
        workspaceId: opts.workspaceId,
        query,
        limit: limit * 3,
        decay: 0,
      });
      return resultsFor(opts.db, passages, limit, 'local');
    },
  };
}

/** One result per source, best passage first, with the source's URL and title. */
export async function resultsFor(
  db: DbOrTx,
  passages: Passage[],
  limit: number,
  provider: string,
): Promise<SearchResult[]> {
  const best = new Map<string, Passage>();
  for (const p of passages) if (!best.has(p.sourceId)) best.set(p.sourceId, p);
  const top = [...best.values()].slice(0, limit);
  const webIds = top.filter((p) => p.sourceKind === 'web').map((p) => p.sourceId);
  const rows = webIds.length
    ? await db
        .select({
          id: webSources.id,
          url: webSources.finalUrl,
          title: webSources.title,
          publishedAt: webSources.publishedAt,
        })
        .from(webSources)
        .where(inArray(webSources.id, webIds))
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return top.flatMap((p): SearchResult[] => {
    const snippet = p.text.length > 300 ? `${p.text.slice(0, 300)}…` : p.text;
    if (p.sourceKind === 'reference') {
      return [
        {
          url: referenceUrl(p.sourceId),
          title: p.heading ?? 'Reference',
          snippet,
          provider,
          stored: { kind: 'reference', sourceId: p.sourceId },
        },
      ];
    }
    const row = byId.get(p.sourceId);
    return row
      ? [
          {
            url: row.url,
            title: row.title,
            snippet,
            provider,
            publishedAt: row.publishedAt,
            stored: { kind: 'web', sourceId: row.id },
          },
        ]
      : [];
  });
}
