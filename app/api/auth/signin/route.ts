import { SignInInput, signIn } from '@/lib/auth/accounts';
import { json, readJson, route } from '@/lib/http/respond';
import { checkOrigin, clientIp, sessionCookies } from '@/lib/http/session';
import { getDb } from '@/lib/runtime/database';

export const POST = route(async (req: Request) => {
  checkOrigin(req);
  const input = await readJson(req, SignInInput);
  const { user, token, csrfToken } = await signIn(await getDb(), input, clientIp(req));
  return json({ user }, 200, sessionCookies(req, token, csrfToken));
});
