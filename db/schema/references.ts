import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { workspaces } from './accounts';
import { conversations } from './conversations';
import { tsvector } from './search';

export const REFERENCE_KINDS = ['pdf', 'csv', 'png'] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

/** `complete`: everything was read; `partial`: stored, with what was left out named in the summary's notes. */
export const REFERENCE_STATUSES = ['complete', 'partial'] as const;

/** Sparse byte index of a stored CSV: the byte offset of every `every`-th data row, from row 1. */
export type RowIndex = { every: number; offsets: number[] };

/**
 * An uploaded file (PDF brief, CSV of copy, PNG moodboard), stored content-addressed under uploads/.
 * A row exists only for a file that was read successfully: refusals leave neither row nor file. Its
 * passages live in `chunks` with source_kind 'reference'.
 */
export const references = pgTable(
  'references',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id').references(() => conversations.id, {
      onDelete: 'cascade',
    }),
    /** An audit actor (`user:<id>`, `operator:local`). */
    uploadedBy: text('uploaded_by').notNull(),
    kind: text('kind', { enum: REFERENCE_KINDS }).notNull(),
    mime: text('mime').notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    /** Sanitised: a base name without control characters or path separators, length-capped. */
    name: text('name').notNull(),
    status: text('status', { enum: REFERENCE_STATUSES }).notNull(),
    summary: jsonb('summary').notNull().$type<Record<string, unknown>>(),
    rowIndex: jsonb('row_index').$type<RowIndex>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('references_workspace_idx').on(t.workspaceId, t.createdAt),
    index('references_conversation_idx').on(t.conversationId, t.createdAt),
    index('references_sha256_idx').on(t.sha256),
  ],
);

/**
 * Passages of a reference still being parsed: the parse worker sends them as it reads, and their
 * text-search vectors are computed here while it goes on. The ingest's transaction moves them into
 * `chunks` (vectors included) and deletes them; a failed ingest deletes them; what a crashed process
 * left is swept by age. `ingest_id` is the id the reference row will have.
 */
export const passageDrafts = pgTable(
  'passage_drafts',
  {
    ingestId: uuid('ingest_id').notNull(),
    /** A file read in parts (a PDF by several workers): the part, whose passages are numbered from 0. */
    part: smallint('part').notNull().default(0),
    ordinal: integer('ordinal').notNull(),
    heading: text('heading'),
    text: text('text').notNull(),
    charStart: integer('char_start').notNull(),
    charEnd: integer('char_end').notNull(),
    tsv: tsvector('tsv').notNull().generatedAlwaysAs(sql`atelier_chunk_tsv(heading, text)`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.ingestId, t.part, t.ordinal] }),
    index('passage_drafts_created_idx').on(t.createdAt),
  ],
);
