import { json, route } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { getDb } from '@/lib/runtime/database';
import { listWorkspaces } from '@/lib/workspaces/service';

export const GET = route(async (req: Request) => {
  const db = await getDb();
  const session = await requireSession(db, req);
  return json({ user: session.user, workspaces: await listWorkspaces(db, principalOf(session)) });
});
