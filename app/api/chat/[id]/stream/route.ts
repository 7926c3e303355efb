import { createUIMessageStreamResponse } from 'ai';
import { findLiveTurn } from '@/lib/assistant/turn-control';
import { parseWith, route, Uuid } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { getDb } from '@/lib/runtime/database';

type Ctx = { params: Promise<{ id: string }> };

/** A reconnecting client gets the running turn from its first chunk; 204 when nothing is running. */
export const GET = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  const turn = await findLiveTurn(db, who, parseWith(Uuid, (await ctx.params).id));
  if (!turn) return new Response(null, { status: 204 });
  return createUIMessageStreamResponse({ stream: turn.subscribe() });
});
