import { json, route } from '@/lib/http/respond';
import { accountOf, requireSession } from '@/lib/http/session';
import { getDb } from '@/lib/runtime/database';

export const GET = route(async (req: Request) => {
  const db = await getDb();
  return json(await accountOf(db, await requireSession(db, req)));
});
