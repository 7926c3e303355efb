import { json, parseWith, readJson, route, Uuid } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { ReviewInput, reviewArtifact } from '@/lib/reviews/review';
import { getDb } from '@/lib/runtime/database';

type Ctx = { params: Promise<{ id: string }> };

/** Approve or reject an image, with a comment (editors and owners). */
export const PUT = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  const id = parseWith(Uuid, (await ctx.params).id);
  return json({ review: await reviewArtifact(db, who, id, await readJson(req, ReviewInput)) });
});

/** Clear an image's review. */
export const DELETE = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  await reviewArtifact(db, who, parseWith(Uuid, (await ctx.params).id), null);
  return new Response(null, { status: 204 });
});
