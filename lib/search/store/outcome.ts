import type { PassageRef, SourceKind } from '../../../db/schema';
import type { Section } from '../synthesis';

/** A search run as the CLI, the assistant tool and (later) the UI see it; built from the database only. */
export type SearchOutcome = {
  runId: string;
  query: string;
  mode: 'quick' | 'deep';
  status: 'running' | 'complete' | 'error';
  /** Markdown; every `[n]` in it has an entry in `citations`. */
  answer: string;
  citations: Array<{
    n: number;
    url: string;
    title: string;
    /** The cited text: `source text[start, end)`. */
    passage: string;
    sourceKind: SourceKind;
    sourceId: string;
    chunkId: string;
    start: number;
    end: number;
    status: 'valid' | 'flagged' | 'dropped';
  }>;
  sources: Array<{
    url: string;
    finalUrl: string;
    title: string;
    fetchedAt: string | null;
    sha256: string | null;
    /** What a search provider showed for the page (untrusted page text). */
    snippet: string;
    sourceKind: SourceKind;
    sourceId: string;
  }>;
  learnings: Array<{ text: string; passages: PassageRef[] }>;
  /** The answer's learnings by facet (style, subject, typography), each with its citation numbers. */
  sections: Section[];
  queries: Array<{
    id: string;
    parentId: string | null;
    depth: number;
    query: string;
    status: 'complete' | 'failed';
    error: string | null;
    results: number;
  }>;
  stats: Record<string, unknown>;
};
