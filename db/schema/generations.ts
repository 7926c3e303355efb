import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from './accounts';
import { conversations, messages, PROFILES } from './conversations';

export const GENERATION_STATUSES = ['queued', 'running', 'complete', 'error', 'cancelled'] as const;

/**
 * One image request: what determines the pixels (params, routing), how it ran (ep, timings) and
 * how the result scored.
 */
export const generations = pgTable(
  'generations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id').references(() => conversations.id, {
      onDelete: 'cascade',
    }),
    messageId: uuid('message_id').references(() => messages.id, { onDelete: 'cascade' }),
    actor: text('actor').notNull(),
    modelId: text('model_id').notNull(),
    profile: text('profile', { enum: PROFILES }).notNull(),
    params: jsonb('params').notNull().$type<Record<string, unknown>>(),
    status: text('status', { enum: GENERATION_STATUSES }).notNull(),
    error: text('error'),
    ep: text('ep'),
    timings: jsonb('timings').$type<Record<string, unknown>>(),
    /** The router's decisions and their reasons (lib/profiles/route.ts), and the stages it planned. */
    routing: jsonb('routing').$type<Record<string, unknown>>(),
    /** Scores of each image (sharpness, palette distance, OCR accuracy of its text layer). */
    scores: jsonb('scores').$type<unknown[]>(),
    /** What decided the PNGs' bytes beside what they hold (`GenerationRecord`, lib/jobs/generation-record.ts). */
    record: jsonb('record').$type<Record<string, unknown>>(),
    /** The reference passages and search citations the prompt was written from (`PromptProvenance`). */
    provenance: jsonb('provenance').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('generations_workspace_idx').on(t.workspaceId, t.createdAt),
    index('generations_message_idx').on(t.messageId),
  ],
);

/** A stored output file, content-addressed under uploads/. */
export const artifacts = pgTable(
  'artifacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    generationId: uuid('generation_id').references(() => generations.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['image'] }).notNull(),
    sha256: text('sha256').notNull(),
    mime: text('mime').notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    width: integer('width'),
    height: integer('height'),
    seed: bigint('seed', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('artifacts_generation_idx').on(t.generationId),
    index('artifacts_workspace_idx').on(t.workspaceId),
  ],
);
