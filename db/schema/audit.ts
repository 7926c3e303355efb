import { bigint, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only hash chain. `created_at` is text (ISO 8601 from the writer) so the hashed bytes are
 * exactly what is stored; UPDATE/DELETE/TRUNCATE are rejected by triggers (see the custom migration).
 */
export const auditEvents = pgTable('audit_events', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull().unique(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  subject: text('subject').notNull(),
  workspaceId: uuid('workspace_id'),
  payload: jsonb('payload').notNull().$type<Record<string, unknown>>(),
  createdAt: text('created_at').notNull(),
});
