import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { artifactReviews, artifacts, generations } from '../../db/schema';
import type { Profile } from '../../engine/models/family';
import { loadConversationAs } from '../conversations/load';
import { atLeast, isMember, type Principal, requireRole } from '../workspaces/access';
import { galleryImage } from './image';
import { withCounterparts } from './pairs';
import type { GalleryQuery } from './query';
import { recipeCommand } from './recipe';
import { imageRows } from './rows';
import type { GalleryImage, GalleryPage, ImageFacts } from './types';

/** At most this many draft and HD images are read to pair a page's images. */
const PAIR_CANDIDATES = 2000;

/** The scope's generations, after the principal's access to it is checked, and whether it may review. */
async function scopeOf(db: Db, who: Principal, q: GalleryQuery) {
  if (q.conversationId) {
    const { conversation, role } = await loadConversationAs(db, who, q.conversationId, 'viewer');
    return {
      where: eq(generations.conversationId, conversation.id),
      canReview: atLeast(role, 'editor'),
    };
  }
  const ws = q.workspaceId as string;
  const role = isMember(who) ? await requireRole(db, who, ws, 'viewer') : 'owner';
  return { where: eq(generations.workspaceId, ws), canReview: atLeast(role, 'editor') };
}

const reviewFilter = (r: GalleryQuery['review']) =>
  r === 'unreviewed'
    ? isNull(artifactReviews.artifactId)
    : r
      ? eq(artifactReviews.verdict, r)
      : undefined;

async function facets(db: Db, scope: ReturnType<typeof eq>): Promise<GalleryPage['facets']> {
  const rows = await db
    .selectDistinct({
      profile: generations.profile,
      id: generations.modelId,
      label: sql<string | null>`${generations.routing}->'model'->>'label'`,
    })
    .from(generations)
    .where(and(scope, eq(generations.status, 'complete')));
  const models = new Map(rows.map((r) => [r.id, r.label ?? r.id]));
  return {
    profiles: [...new Set(rows.map((r) => r.profile))].sort() as Profile[],
    models: [...models]
      .map(([id, label]) => ({ id, label }))
      .sort((a, b) => a.id.localeCompare(b.id)),
  };
}

/** Adds each image's draft/HD counterpart and its recipe. */
export async function finish(db: Db, images: ImageFacts[]): Promise<GalleryImage[]> {
  const convs = [...new Set(images.flatMap((i) => (i.conversation ? [i.conversation.id] : [])))];
  const candidates = convs.length
    ? (
        await imageRows(
          db,
          and(
            inArray(generations.conversationId, convs),
            inArray(generations.profile, ['draft', 'hd']),
          ),
          PAIR_CANDIDATES,
        )
      ).map(galleryImage)
    : [];
  return withCounterparts(images, candidates).map((i) => ({ ...i, recipe: recipeCommand(i) }));
}

/** A page of a workspace's or a conversation's images, newest first, with what the filters offer. */
export async function listImages(db: Db, who: Principal, q: GalleryQuery): Promise<GalleryPage> {
  const { where: scope, canReview } = await scopeOf(db, who, q);
  const rows = await imageRows(
    db,
    and(
      scope,
      reviewFilter(q.review),
      q.profile ? eq(generations.profile, q.profile) : undefined,
      q.model ? eq(generations.modelId, q.model) : undefined,
      q.cursor
        ? sql`(${artifacts.createdAt}, ${artifacts.id}) < (select created_at, id from artifacts where id = ${q.cursor})`
        : undefined,
    ),
    q.limit + 1,
  );
  const page = rows.slice(0, q.limit);
  return {
    images: await finish(db, page.map(galleryImage)),
    nextCursor: rows.length > q.limit ? (page.at(-1)?.artifact.id ?? null) : null,
    facets: await facets(db, scope),
    canReview,
  };
}
