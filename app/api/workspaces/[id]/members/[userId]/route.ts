import { parseWith, readJson, route, Uuid } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { getDb } from '@/lib/runtime/database';
import { changeRole, RoleInput, removeMember } from '@/lib/workspaces/members';

type Ctx = { params: Promise<{ id: string; userId: string }> };

export const PATCH = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  const p = await ctx.params;
  const { role } = await readJson(req, RoleInput);
  await changeRole(db, who, parseWith(Uuid, p.id), parseWith(Uuid, p.userId), role);
  return new Response(null, { status: 204 });
});

export const DELETE = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  const p = await ctx.params;
  await removeMember(db, who, parseWith(Uuid, p.id), parseWith(Uuid, p.userId));
  return new Response(null, { status: 204 });
});
