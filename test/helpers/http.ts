import * as signup from '@/app/api/auth/signup/route';

export type Client = {
  cookie: string;
  csrf: string;
  user: { id: string; email: string; isAdmin: boolean };
};
type Handler = (
  req: Request,
  ctx: { params: Promise<Record<string, string>> },
) => Promise<Response>;

const ORIGIN = 'http://localhost:3000';

export async function call(
  handler: unknown,
  opts: {
    method?: string;
    path?: string;
    body?: unknown;
    client?: Client;
    params?: Record<string, string>;
    headers?: Record<string, string>;
  } = {},
): Promise<Response> {
  const method = opts.method ?? (opts.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { host: 'localhost:3000', ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.client) {
    headers.cookie = opts.client.cookie;
    if (method !== 'GET') {
      headers['x-csrf-token'] ??= opts.client.csrf;
      headers.origin ??= ORIGIN;
    }
  }
  const req = new Request(`${ORIGIN}${opts.path ?? '/'}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  return (handler as Handler)(req, { params: Promise.resolve(opts.params ?? {}) });
}

export function cookiesOf(res: Response): { cookie: string; csrf: string } {
  const pairs = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = pairs.find((p) => p.startsWith('atelier_csrf='))?.split('=')[1] ?? '';
  return { cookie: pairs.join('; '), csrf };
}

export async function signUpClient(
  email: string,
  extra: Record<string, unknown> = {},
): Promise<Client> {
  const res = await call(signup.POST, {
    body: { email, name: email.split('@')[0], password: 'correct horse battery', ...extra },
  });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const { user } = await res.json();
  return { ...cookiesOf(res), user };
}

/** Reads an AI SDK UI message stream (SSE) to the end and returns its chunks. */
export async function readUIStream(res: Response): Promise<Array<Record<string, unknown>>> {
  const text = await res.text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('data: ') && l !== 'data: [DONE]')
    .map((l) => JSON.parse(l.slice(6)));
}
