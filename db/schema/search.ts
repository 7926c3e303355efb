import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { workspaces } from './accounts';
import { conversations, messages } from './conversations';

/** PostgreSQL full-text vectors (read as their text form). */
export const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const SOURCE_KINDS = ['web', 'reference'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/**
 * One fetched version of a web page. A version is immutable once stored (a changed page is a new
 * row with a new sha256), so runs and citations that point at it replay exactly; `checked_at` moves
 * when a conditional re-fetch answers 304.
 */
export const webSources = pgTable(
  'web_sources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    finalUrl: text('final_url').notNull(),
    canonicalUrl: text('canonical_url'),
    status: integer('status').notNull(),
    contentType: text('content_type').notNull(),
    title: text('title').notNull(),
    byline: text('byline'),
    publishedAt: text('published_at'),
    lang: text('lang'),
    sha256: text('sha256').notNull(),
    bytes: integer('bytes').notNull(),
    etag: text('etag'),
    lastModified: text('last_modified'),
    /** The extracted text every chunk's char range points into ('' for a PDF, see `note`). */
    text: text('text').notNull(),
    links: jsonb('links').notNull().$type<string[]>(),
    note: text('note'),
    fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull(),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('web_sources_version_idx').on(t.workspaceId, t.url, t.sha256),
    index('web_sources_url_idx').on(t.workspaceId, t.url, t.checkedAt),
    index('web_sources_final_url_idx').on(t.workspaceId, t.finalUrl, t.checkedAt),
  ],
);

/**
 * Passages of web pages and (later) ingested references. `source_id` points at `web_sources` or the
 * references table depending on `source_kind`, so it carries no foreign key; `text` is exactly
 * `source text[char_start, char_end)`.
 */
export const chunks = pgTable(
  'chunks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    sourceKind: text('source_kind', { enum: SOURCE_KINDS }).notNull(),
    sourceId: uuid('source_id').notNull(),
    ordinal: integer('ordinal').notNull(),
    heading: text('heading'),
    text: text('text').notNull(),
    charStart: integer('char_start').notNull(),
    charEnd: integer('char_end').notNull(),
    /**
     * `atelier_chunk_tsv(heading, text)`, set by a trigger on insert and update (the empty default
     * means "compute it"). Reference ingests insert passages whose vector was already computed in
     * `passage_drafts` while the file was still being parsed.
     */
    tsv: tsvector('tsv').notNull().default(sql`''::tsvector`),
  },
  (t) => [
    uniqueIndex('chunks_source_idx').on(t.sourceKind, t.sourceId, t.ordinal),
    index('chunks_workspace_idx').on(t.workspaceId),
    index('chunks_tsv_idx').using('gin', t.tsv),
  ],
);

export const SEARCH_RUN_STATUSES = ['running', 'complete', 'error'] as const;

export const searchRuns = pgTable(
  'search_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id').references(() => conversations.id, {
      onDelete: 'cascade',
    }),
    /** The assistant message whose tool call ran the search. */
    messageId: uuid('message_id').references(() => messages.id, { onDelete: 'cascade' }),
    actor: text('actor').notNull(),
    query: text('query').notNull(),
    mode: text('mode', { enum: ['quick', 'deep'] }).notNull(),
    /** breadth, depth, providers, planner and learner names: what replay needs to run it again. */
    params: jsonb('params').notNull().$type<Record<string, unknown>>(),
    status: text('status', { enum: SEARCH_RUN_STATUSES }).notNull(),
    answer: text('answer'),
    synthesis: jsonb('synthesis').$type<Record<string, unknown>>(),
    stats: jsonb('stats').$type<Record<string, unknown>>(),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('search_runs_workspace_idx').on(t.workspaceId, t.createdAt),
    index('search_runs_message_idx').on(t.messageId),
  ],
);

export const searchQueries = pgTable(
  'search_queries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id')
      .notNull()
      .references(() => searchRuns.id, { onDelete: 'cascade' }),
    parentId: uuid('parent_id').references((): AnyPgColumn => searchQueries.id, {
      onDelete: 'cascade',
    }),
    ordinal: integer('ordinal').notNull(),
    depth: integer('depth').notNull(),
    query: text('query').notNull(),
    status: text('status', { enum: ['complete', 'failed'] }).notNull(),
    error: text('error'),
    /** What the providers answered, so a replay searches nothing. */
    results: jsonb('results').notNull().$type<unknown[]>(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('search_queries_run_idx').on(t.runId, t.ordinal)],
);

/** The pages a run read, in the order it read them. */
export const searchRunSources = pgTable(
  'search_run_sources',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => searchRuns.id, { onDelete: 'cascade' }),
    sourceKind: text('source_kind', { enum: SOURCE_KINDS }).notNull(),
    sourceId: uuid('source_id').notNull(),
    queryId: uuid('query_id').references(() => searchQueries.id, { onDelete: 'cascade' }),
    ordinal: integer('ordinal').notNull(),
    url: text('url').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.sourceKind, t.sourceId] })],
);

export type PassageRef = {
  chunkId: string;
  sourceKind: SourceKind;
  sourceId: string;
  start: number;
  end: number;
};

export const searchLearnings = pgTable(
  'search_learnings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id')
      .notNull()
      .references(() => searchRuns.id, { onDelete: 'cascade' }),
    queryId: uuid('query_id').references(() => searchQueries.id, { onDelete: 'cascade' }),
    ordinal: integer('ordinal').notNull(),
    text: text('text').notNull(),
    /** The passages (chunk id + char range in the source text) the learning was drawn from. */
    passages: jsonb('passages').notNull().$type<PassageRef[]>(),
  },
  (t) => [index('search_learnings_run_idx').on(t.runId, t.ordinal)],
);

export const CITATION_STATUSES = ['valid', 'flagged', 'dropped'] as const;

export const searchCitations = pgTable(
  'search_citations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id')
      .notNull()
      .references(() => searchRuns.id, { onDelete: 'cascade' }),
    n: integer('n').notNull(),
    chunkId: uuid('chunk_id').notNull(),
    sourceKind: text('source_kind', { enum: SOURCE_KINDS }).notNull(),
    sourceId: uuid('source_id').notNull(),
    charStart: integer('char_start').notNull(),
    charEnd: integer('char_end').notNull(),
    claim: text('claim').notNull(),
    status: text('status', { enum: CITATION_STATUSES }).notNull(),
    coverage: real('coverage').notNull(),
  },
  (t) => [uniqueIndex('search_citations_run_idx').on(t.runId, t.n)],
);
