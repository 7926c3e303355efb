import { z } from 'zod';
import { deleteConversation, Title } from '@/lib/conversations/service';
import { conversationView, updateConversation } from '@/lib/conversations/view';
import { json, parseWith, readJson, route, Uuid } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { getDb } from '@/lib/runtime/database';

type Ctx = { params: Promise<{ id: string }> };
const Patch = z.object({ title: Title.optional(), activeLeafId: Uuid.optional() });

export const GET = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  return json(await conversationView(db, who, parseWith(Uuid, (await ctx.params).id)));
});

export const PATCH = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  const id = parseWith(Uuid, (await ctx.params).id);
  const c = await updateConversation(db, who, id, await readJson(req, Patch));
  return json({
    conversation: {
      id: c.id,
      title: c.title,
      workspaceId: c.workspaceId,
      activeLeafId: c.activeLeafId,
    },
  });
});

export const DELETE = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  await deleteConversation(db, who, parseWith(Uuid, (await ctx.params).id));
  return new Response(null, { status: 204 });
});
