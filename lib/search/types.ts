import { z } from 'zod';
import type { SourceKind } from '../../db/schema';

export type { SourceKind };

/** One hit from a search provider. */
export const SearchResult = z.object({
  url: z.string(),
  title: z.string(),
  snippet: z.string(),
  provider: z.string(),
  publishedAt: z.string().nullish(),
  /** Set when the hit is already stored (the local index): it is read from the database, not fetched. */
  stored: z.object({ kind: z.enum(['web', 'reference']), sourceId: z.string() }).optional(),
});
export type SearchResult = z.infer<typeof SearchResult>;

/** A stored passage: a chunk of a source, with its char range in the source's text. */
export type Passage = {
  chunkId: string;
  sourceKind: SourceKind;
  sourceId: string;
  ordinal: number;
  heading: string | null;
  text: string;
  start: number;
  end: number;
  score?: number;
};

/** A page (or reference) as the research loop and the CLI see it once it is stored. */
export type StoredPage = {
  sourceKind: SourceKind;
  sourceId: string;
  url: string;
  finalUrl: string;
  status: number;
  title: string;
  contentType: string;
  sha256: string;
  fetchedAt: Date;
  byline: string | null;
  publishedAt: string | null;
  lang: string | null;
  canonicalUrl: string | null;
  text: string;
  links: string[];
  note: string | null;
  passages: Passage[];
};
