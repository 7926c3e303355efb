import { json, parseWith, route, Uuid } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { Place, referenceDetail } from '@/lib/references/detail';
import { deleteReference } from '@/lib/references/store';
import { getDb } from '@/lib/runtime/database';

type Ctx = { params: Promise<{ id: string }> };

/** Metadata and extraction summary; `?page=N` (PDF) or `?row=N` (CSV) adds what a citation points at; `?from=N&count=M` a window of CSV rows. */
export const GET = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  const params = new URL(req.url).searchParams;
  const at = parseWith(
    Place,
    Object.fromEntries(
      ['page', 'row', 'from', 'count'].map((k) => [k, params.get(k) ?? undefined]),
    ),
  );
  return json(await referenceDetail(db, who, parseWith(Uuid, (await ctx.params).id), at));
});

export const DELETE = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  await deleteReference(db, who, parseWith(Uuid, (await ctx.params).id));
  return new Response(null, { status: 204 });
});
