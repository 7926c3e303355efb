import { deleteSession, SESSION_COOKIE } from '@/lib/auth/sessions';
import { route } from '@/lib/http/respond';
import { clearedCookies, readCookie, requireSession } from '@/lib/http/session';
import { getDb } from '@/lib/runtime/database';

export const POST = route(async (req: Request) => {
  const db = await getDb();
  await requireSession(db, req);
  await deleteSession(db, readCookie(req, SESSION_COOKIE) ?? '');
  return new Response(null, { status: 204, headers: clearedCookies() });
});
