import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from './accounts';
import { artifacts } from './generations';

export const REVIEW_VERDICTS = ['approved', 'rejected'] as const;
export type ReviewVerdict = (typeof REVIEW_VERDICTS)[number];

/**
 * An image's current review: approved or rejected, with the reviewer's comment. The audit log
 * keeps every verdict given (`artifact.reviewed`, `artifact.review_cleared`); this row is the
 * latest, what the gallery filters and the export's "approved only" read.
 */
export const artifactReviews = pgTable(
  'artifact_reviews',
  {
    artifactId: uuid('artifact_id')
      .primaryKey()
      .references(() => artifacts.id, { onDelete: 'cascade' }),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    verdict: text('verdict', { enum: REVIEW_VERDICTS }).notNull(),
    comment: text('comment').notNull().default(''),
    /** The audit actor who gave the verdict. */
    reviewer: text('reviewer').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('artifact_reviews_workspace_idx').on(t.workspaceId, t.verdict)],
);
