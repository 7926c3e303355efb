import type {
  SearchWebOutput,
  SearchWebProgress,
  SearchWebResult,
} from '@/lib/assistant/tools/search-web';

import { dateFormatter } from './date-format';

export type { PassageView } from '@/lib/search/view';
export type { SearchWebOutput, SearchWebProgress, SearchWebResult };
export type Citation = SearchWebResult['citations'][number];
export type Source = SearchWebResult['sources'][number];

/** Opens the passage behind a citation (the drawer lives with the message that holds the citations). */
export type CitationLinks = { byN: Map<number, Citation>; open: (c: Citation) => void };

export const isRunning = (o: SearchWebOutput | undefined): o is SearchWebProgress | undefined =>
  !o || ('status' in o && o.status === 'running');

/** Only http(s) pages are linked; a reference (`reference:<id>`) is not a place to go. */
export const isWebUrl = (url: string) => /^https?:\/\//i.test(url);

export function siteOf(url: string): string {
  if (!isWebUrl(url)) return 'reference';
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url.slice(0, 60);
  }
}

const fetchedAt = dateFormatter({ dateStyle: 'medium', timeStyle: 'short' });
export const fetchedLabel = (iso: string | null) =>
  iso ? `fetched ${fetchedAt(new Date(iso))}` : 'stored reference';
