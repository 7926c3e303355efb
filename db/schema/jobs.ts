import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from './accounts';
import { conversations, messages } from './conversations';
import { generations } from './generations';

/** What a person sees of a job; `queued` and `running` are the unfinished ones. */
export const JOB_STATUSES = ['queued', 'running', 'complete', 'error', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** How far a running job is, as its worker last wrote it (at most every ~250 ms). */
export type JobProgressRow = {
  step: number;
  steps: number;
  stage?: string;
  cell?: { index: number; total: number };
  /** Time left: in this stage at the pace of its steps so far, plus the stages still to come. */
  etaMs?: number;
  /** What `etaMs` covers: the whole render (its later stages timed on earlier jobs) or this stage. */
  etaScope?: 'job' | 'stage';
  /** The latest latent preview of each image, as small data URLs. */
  previews?: string[];
  /** The worker's clock when it was reported, so an older report never replaces a newer one. */
  at: number;
};

/**
 * A unit of queued work (an image request) and the source of truth for its state and result,
 * whichever process or machine runs it. Held by one worker at a time through its lease.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['image'] }).notNull(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id').references(() => conversations.id, {
      onDelete: 'cascade',
    }),
    messageId: uuid('message_id').references(() => messages.id, { onDelete: 'cascade' }),
    /** Who queued it (an audit actor); the per-person cap counts by it. */
    actor: text('actor').notNull(),
    status: text('status', { enum: JOB_STATUSES }).notNull(),
    /** The request as queued (`ImageJob`, lib/jobs/image-job.ts). */
    payload: jsonb('payload').notNull().$type<Record<string, unknown>>(),
    /** What the chat shows once complete (`ImageJobResult`). */
    result: jsonb('result').$type<Record<string, unknown>>(),
    /** The last failure's one line (kept when a retry then succeeds) and its app error code. */
    error: text('error'),
    errorCode: text('error_code'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    /** Not claimed before this (a retry's backoff). */
    runAfter: timestamp('run_after', { withTimezone: true }).notNull().defaultNow(),
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true }),
    /** An attempt that renders longer is cancelled and the job fails. */
    timeLimitMs: integer('time_limit_ms').notNull(),
    progress: jsonb('progress').$type<JobProgressRow>(),
    /** Jobs with equal keys may render as one UNet batch (lib/jobs/batch-key.ts); null: alone. */
    batchKey: text('batch_key'),
    generationId: uuid('generation_id').references(() => generations.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('jobs_queue_idx').on(t.status, t.createdAt),
    index('jobs_batch_idx').on(t.batchKey, t.status, t.createdAt),
    index('jobs_actor_idx').on(t.actor, t.status),
    index('jobs_conversation_idx').on(t.conversationId),
    index('jobs_message_idx').on(t.messageId),
    index('jobs_generation_idx').on(t.generationId),
  ],
);
