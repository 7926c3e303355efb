import { json, parseWith, route, Uuid } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { getDb } from '@/lib/runtime/database';
import { passageView } from '@/lib/search/view';

type Ctx = { params: Promise<{ id: string }> };

/** A stored passage with its source and the text around it, for members of its workspace. */
export const GET = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  return json(await passageView(db, who, parseWith(Uuid, (await ctx.params).id)));
});
