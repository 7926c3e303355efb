import { and, eq, gt, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { authSessions, users } from '../../db/schema';
import { newToken, sha256Hex } from './tokens';

export const SESSION_COOKIE = 'atelier_session';
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

export type SessionUser = { id: string; email: string; name: string; isAdmin: boolean };
export type Session = { user: SessionUser; csrfToken: string; sessionId: string };

export async function createSession(
  db: DbOrTx,
  userId: string,
): Promise<{ token: string; csrfToken: string }> {
  const token = newToken();
  const csrfToken = newToken();
  await db.insert(authSessions).values({
    id: sha256Hex(token),
    userId,
    csrfToken,
    expiresAt: new Date(Date.now() + SESSION_TTL_MS),
  });
  return { token, csrfToken };
}

export async function resolveSession(
  db: DbOrTx,
  token: string | undefined,
): Promise<Session | null> {
  if (!token || token.length > 200) return null;
  const id = sha256Hex(token);
  const [row] = await db
    .select({
      user: { id: users.id, email: users.email, name: users.name, isAdmin: users.isAdmin },
      csrfToken: authSessions.csrfToken,
    })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .where(and(eq(authSessions.id, id), gt(authSessions.expiresAt, new Date())))
    .limit(1);
  return row ? { user: row.user, csrfToken: row.csrfToken, sessionId: id } : null;
}

export async function deleteSession(db: DbOrTx, sessionId: Session['sessionId']): Promise<void> {
  await db.delete(authSessions).where(eq(authSessions.id, sessionId));
}

export async function purgeExpiredSessions(db: DbOrTx): Promise<void> {
  await db.delete(authSessions).where(lt(authSessions.expiresAt, new Date()));
}
