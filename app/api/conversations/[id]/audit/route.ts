import { AuditQuery, conversationAudit } from '@/lib/conversations/audit-view';
import { json, parseWith, route, Uuid } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { getDb } from '@/lib/runtime/database';

type Ctx = { params: Promise<{ id: string }> };

/** The conversation's audit events, oldest first: `?actor=&action=` filter, `?cursor=` pages on. */
export const GET = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  const id = parseWith(Uuid, (await ctx.params).id);
  const params = new URL(req.url).searchParams;
  const query = parseWith(
    AuditQuery,
    Object.fromEntries(
      ['actor', 'action', 'cursor', 'limit'].map((k) => [k, params.get(k) || undefined]),
    ),
  );
  return json(await conversationAudit(db, who, id, query));
});
