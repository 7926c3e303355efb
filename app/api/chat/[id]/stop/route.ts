import { stopTurn } from '@/lib/assistant/turn-control';
import { parseWith, route, Uuid } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { getDb } from '@/lib/runtime/database';

type Ctx = { params: Promise<{ id: string }> };

export const POST = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  await stopTurn(db, who, parseWith(Uuid, (await ctx.params).id));
  return new Response(null, { status: 204 });
});
