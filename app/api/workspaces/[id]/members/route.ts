import { json, parseWith, route, Uuid } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { getDb } from '@/lib/runtime/database';
import { listMembers } from '@/lib/workspaces/service';

type Ctx = { params: Promise<{ id: string }> };

export const GET = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  const id = parseWith(Uuid, (await ctx.params).id);
  return json({ members: await listMembers(db, who, id) });
});
