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

/**
 * The chain head signed with the installation's ed25519 key. The database owner can rewrite the
 * chain and re-hash it, but not sign again: a checkpoint fixes the chain up to its seq.
 */
export const auditCheckpoints = pgTable('audit_checkpoints', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  headHash: text('head_hash').notNull(),
  /** ISO 8601 text, so the signed bytes are the stored bytes. */
  signedAt: text('signed_at').notNull(),
  /** sha256 of the public key's SPKI DER, hex. */
  keyId: text('key_id').notNull(),
  /** SPKI DER, base64. */
  publicKey: text('public_key').notNull(),
  /** ed25519 over the canonical JSON of {v, seq, headHash, signedAt, keyId}, base64. */
  signature: text('signature').notNull(),
});
