/** Browser-side helpers for the JSON API: CSRF header, error shape, typed fetch. */

export const CSRF_COOKIE = 'atelier_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function readCookie(name: string): string | null {
  if (typeof document === 'undefined') return null;
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/** Headers carrying the CSRF token when the cookie is present. */
export function csrfHeaders(): Record<string, string> {
  const token = readCookie(CSRF_COOKIE);
  return token ? { [CSRF_HEADER]: token } : {};
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Pulls `error.message` out of an API error body (JSON text), or returns the text as it is. */
export function messageFromBody(text: string, fallback = 'Something went wrong'): string {
  const trimmed = text.trim();
  if (!trimmed) return fallback;
  try {
    const parsed = JSON.parse(trimmed) as {
      error?: { message?: unknown } | string;
      message?: unknown;
    };
    if (parsed && typeof parsed === 'object') {
      if (
        typeof parsed.error === 'object' &&
        parsed.error &&
        typeof parsed.error.message === 'string'
      )
        return parsed.error.message;
      if (typeof parsed.error === 'string') return parsed.error;
      if (typeof parsed.message === 'string') return parsed.message;
    }
  } catch {
    // not JSON
  }
  return trimmed.length > 300 ? `${trimmed.slice(0, 300)}…` : trimmed;
}

/** A message for any thrown value, suitable for showing inline. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return messageFromBody(err.message);
  return 'Something went wrong';
}

/** Whether asking again may succeed: the network or the server failed, or a limit was hit. */
export const mayPassOnRetry = (err: unknown): boolean =>
  !(err instanceof ApiError) || err.status >= 500 || err.status === 429;

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export async function api<T = unknown>(
  path: string,
  opts: { method?: Method; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') Object.assign(headers, csrfHeaders());
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(
      0,
      'network',
      'Could not reach the server. Check your connection and try again.',
    );
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  if (!res.ok) {
    let code = 'http_' + res.status;
    try {
      const parsed = JSON.parse(text) as { error?: { code?: string } };
      if (parsed?.error?.code) code = parsed.error.code;
    } catch {
      // keep the status code
    }
    throw new ApiError(res.status, code, messageFromBody(text, `Request failed (${res.status})`));
  }
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(res.status, 'bad_response', 'The server sent an unexpected response.');
  }
}

export const isUnauthorized = (err: unknown) => err instanceof ApiError && err.status === 401;
