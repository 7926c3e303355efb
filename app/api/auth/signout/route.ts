import { signOut } from '@/lib/auth/accounts';
import { route } from '@/lib/http/respond';
import { clearedCookies, requireSession } from '@/lib/http/session';
import { getDb } from '@/lib/runtime/database';

export const POST = route(async (req: Request) => {
  const db = await getDb();
  await signOut(db, await requireSession(db, req));
  return new Response(null, { status: 204, headers: clearedCookies() });
});
