import { json, parseWith, readJson, route, Uuid } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { getDb } from '@/lib/runtime/database';
import { InviteInput, invite, listInvites } from '@/lib/workspaces/invites';

type Ctx = { params: Promise<{ id: string }> };

export const GET = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  const id = parseWith(Uuid, (await ctx.params).id);
  return json({ invites: await listInvites(db, who, id) });
});

export const POST = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  const id = parseWith(Uuid, (await ctx.params).id);
  const input = await readJson(req, InviteInput);
  return json(await invite(db, who, id, input), 201);
});
