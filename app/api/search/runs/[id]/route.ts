import { json, parseWith, route, Uuid } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { getDb } from '@/lib/runtime/database';
import { searchRunView } from '@/lib/search/view';

type Ctx = { params: Promise<{ id: string }> };

/** A recorded search run (queries, sources, learnings, citations), for members of its workspace. */
export const GET = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  return json({ run: await searchRunView(db, who, parseWith(Uuid, (await ctx.params).id)) });
});
