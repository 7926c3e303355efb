import { SignUpInput, signUp } from '@/lib/auth/accounts';
import { json, readJson, route } from '@/lib/http/respond';
import { checkOrigin, clientIp, sessionCookies } from '@/lib/http/session';
import { getDb } from '@/lib/runtime/database';

export const POST = route(async (req: Request) => {
  checkOrigin(req);
  const input = await readJson(req, SignUpInput);
  const { user, token, csrfToken } = await signUp(await getDb(), input, clientIp(req));
  return json({ user }, 201, sessionCookies(req, token, csrfToken));
});
