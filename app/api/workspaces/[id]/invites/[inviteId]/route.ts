import { parseWith, route, Uuid } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { getDb } from '@/lib/runtime/database';
import { revokeInvite } from '@/lib/workspaces/invites';

type Ctx = { params: Promise<{ id: string; inviteId: string }> };

export const DELETE = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  const p = await ctx.params;
  await revokeInvite(db, who, parseWith(Uuid, p.id), parseWith(Uuid, p.inviteId));
  return new Response(null, { status: 204 });
});
