import { and, desc, eq, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client';
import {
  artifactReviews,
  artifacts,
  conversations,
  generations,
  jobs,
  messages,
} from '../../db/schema';

const asked = alias(messages, 'asked');
const answered = alias(messages, 'answered');

/**
 * Stored images with what made them: the generation, its conversation, the user message that asked
 * for it (through the assistant message that rendered it) and the job's result, which places each
 * image's scores and grid cell by artifact id, and the image's current review.
 */
export async function imageRows(db: DbOrTx, where: SQL | undefined, limit: number) {
  return db
    .select({
      artifact: artifacts,
      generation: {
        id: generations.id,
        conversationId: generations.conversationId,
        modelId: generations.modelId,
        profile: generations.profile,
        params: generations.params,
        routing: generations.routing,
        scores: generations.scores,
        ep: generations.ep,
      },
      conversationTitle: conversations.title,
      askedParts: asked.parts,
      jobResult: jobs.result,
      review: {
        verdict: artifactReviews.verdict,
        comment: artifactReviews.comment,
        reviewer: artifactReviews.reviewer,
        updatedAt: artifactReviews.updatedAt,
      },
    })
    .from(artifacts)
    .innerJoin(generations, eq(generations.id, artifacts.generationId))
    .leftJoin(conversations, eq(conversations.id, generations.conversationId))
    .leftJoin(answered, eq(answered.id, generations.messageId))
    .leftJoin(asked, eq(asked.id, answered.parentId))
    .leftJoin(jobs, and(eq(jobs.generationId, generations.id), eq(jobs.status, 'complete')))
    .leftJoin(artifactReviews, eq(artifactReviews.artifactId, artifacts.id))
    .where(and(eq(generations.status, 'complete'), where))
    .orderBy(desc(artifacts.createdAt), desc(artifacts.id))
    .limit(limit);
}

export type ImageRow = Awaited<ReturnType<typeof imageRows>>[number];
