import { imageDetail } from '@/lib/gallery/detail';
import { json, parseWith, route, Uuid } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { getDb } from '@/lib/runtime/database';

type Ctx = { params: Promise<{ id: string }> };

/** One image with its parameters, routing reasons, scores, recipe and draft/HD counterpart. */
export const GET = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  return json({ image: await imageDetail(db, who, parseWith(Uuid, (await ctx.params).id)) });
});
