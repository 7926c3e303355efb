// Reviewing generated images: an editor or owner marks an image approved or rejected, with a
// comment. The verdict is one row per image (the latest) and an audit event each time (the history).
import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { artifactReviews, artifacts, generations, REVIEW_VERDICTS } from '../../db/schema';
import { appendAudit } from '../audit/chain';
import { notFound } from '../errors';
import { type Principal, requireAccess } from '../workspaces/access';

export const ReviewInput = z.object({
  verdict: z.enum(REVIEW_VERDICTS, 'verdict must be approved or rejected'),
  comment: z
    .string()
    .trim()
    .max(2000, 'a review comment may be at most 2,000 characters')
    .default(''),
});
export type ReviewInput = z.infer<typeof ReviewInput>;

export type Review = z.infer<typeof ReviewInput> & { reviewer: string; updatedAt: string };

/** Sets (or with `input` null, clears) an image's review, audited under the reviewer. */
export async function reviewArtifact(
  db: Db,
  who: Principal,
  artifactId: string,
  input: ReviewInput | null,
): Promise<Review | null> {
  return db.transaction(async (tx) => {
    const [a] = await tx
      .select({ workspaceId: artifacts.workspaceId, conversationId: generations.conversationId })
      .from(artifacts)
      .leftJoin(generations, eq(generations.id, artifacts.generationId))
      .where(eq(artifacts.id, artifactId))
      .for('update', { of: artifacts });
    if (!a) throw notFound('image');
    await requireAccess(tx, who, a.workspaceId, 'editor', 'image');
    const event = {
      actor: who.actor,
      subject: `artifact:${artifactId}`,
      workspaceId: a.workspaceId,
      conversationId: a.conversationId,
    };
    if (!input) {
      const gone = await tx
        .delete(artifactReviews)
        .where(eq(artifactReviews.artifactId, artifactId))
        .returning({ id: artifactReviews.artifactId });
      if (gone.length)
        await appendAudit(tx, { ...event, action: 'artifact.review_cleared', payload: {} });
      return null;
    }
    const values = { verdict: input.verdict, comment: input.comment, reviewer: who.actor };
    const [row] = await tx
      .insert(artifactReviews)
      .values({ artifactId, workspaceId: a.workspaceId, ...values })
      .onConflictDoUpdate({
        target: artifactReviews.artifactId,
        set: { ...values, updatedAt: new Date() },
      })
      .returning();
    await appendAudit(tx, { ...event, action: 'artifact.reviewed', payload: { ...input } });
    return toReview(row);
  });
}

/** The current reviews of these images, by image id (unreviewed ones absent). */
export async function reviewsOf(db: Db, artifactIds: string[]): Promise<Map<string, Review>> {
  if (!artifactIds.length) return new Map();
  const rows = await db
    .select()
    .from(artifactReviews)
    .where(inArray(artifactReviews.artifactId, artifactIds));
  return new Map(rows.map((r) => [r.artifactId, toReview(r)]));
}

/** A stored review as the API shows it. */
export const toReview = (
  r: Pick<typeof artifactReviews.$inferSelect, 'verdict' | 'comment' | 'reviewer' | 'updatedAt'>,
): Review => ({
  verdict: r.verdict,
  comment: r.comment,
  reviewer: r.reviewer,
  updatedAt: r.updatedAt.toISOString(),
});

/** The current reviews of a conversation's images, by image id. */
export async function conversationReviews(
  db: Db,
  conversationId: string,
): Promise<Record<string, Review>> {
  const rows = await db
    .select({ review: artifactReviews })
    .from(artifactReviews)
    .innerJoin(artifacts, eq(artifacts.id, artifactReviews.artifactId))
    .innerJoin(generations, eq(generations.id, artifacts.generationId))
    .where(eq(generations.conversationId, conversationId));
  return Object.fromEntries(rows.map(({ review }) => [review.artifactId, toReview(review)]));
}
