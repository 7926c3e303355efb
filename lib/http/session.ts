import type { Db } from '../../db/client';
import { userActor } from '../audit/actors';
import { resolveSession, SESSION_COOKIE, SESSION_TTL_MS, type Session } from '../auth/sessions';
import { sameToken } from '../auth/tokens';
import { AppError } from '../errors';
import type { Member } from '../workspaces/access';
import { listWorkspaces } from '../workspaces/service';

export const CSRF_COOKIE = 'atelier_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** Set by our own server entry from the socket, overwriting anything a client sent. */
export const CLIENT_IP_HEADER = 'x-atelier-client-ip';

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.get('cookie') ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name)
      return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

/** Cross-site requests are refused: the Origin (sent by browsers on every mutation) must be ours. */
export function checkOrigin(req: Request): void {
  const origin = req.headers.get('origin');
  if (!origin) return;
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  let ok = false;
  try {
    ok = new URL(origin).host === host;
  } catch {
    ok = false;
  }
  if (!ok) throw new AppError('csrf', 'cross-site request refused');
}

export async function requireSession(db: Db, req: Request): Promise<Session> {
  const session = await resolveSession(db, readCookie(req, SESSION_COOKIE));
  if (!session) throw new AppError('unauthorized', 'sign in first');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    checkOrigin(req);
    if (!sameToken(req.headers.get(CSRF_HEADER), session.csrfToken))
      throw new AppError('csrf', 'missing or wrong CSRF token; reload the page');
  }
  return session;
}

/** The signed-in account as the principal the services act for. */
export const principalOf = (s: Session): Member => ({
  userId: s.user.id,
  actor: userActor(s.user.id),
  isAdmin: s.user.isAdmin,
});

/** What GET /api/auth/me answers: the signed-in user and the workspaces they belong to. */
export async function accountOf(db: Db, s: Session) {
  return { user: s.user, workspaces: await listWorkspaces(db, principalOf(s)) };
}

export const clientIp = (req: Request) => req.headers.get(CLIENT_IP_HEADER) ?? 'unknown';

function isSecure(req: Request): boolean {
  return new URL(req.url).protocol === 'https:' || req.headers.get('x-forwarded-proto') === 'https';
}

export function sessionCookies(req: Request, token: string, csrf: string): Headers {
  const secure = isSecure(req) ? '; Secure' : '';
  const maxAge = Math.floor(SESSION_TTL_MS / 1000);
  const h = new Headers();
  h.append(
    'set-cookie',
    `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`,
  );
  h.append(
    'set-cookie',
    `${CSRF_COOKIE}=${csrf}; Path=/; SameSite=Strict; Max-Age=${maxAge}${secure}`,
  );
  return h;
}

export function clearedCookies(): Headers {
  const h = new Headers();
  h.append('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
  h.append('set-cookie', `${CSRF_COOKIE}=; Path=/; SameSite=Strict; Max-Age=0`);
  return h;
}
