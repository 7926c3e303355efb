import { z } from 'zod';
import { AppError } from '../../errors';
import type { SearchResult } from '../types';

export type ProviderCall = { limit: number; signal: AbortSignal };

/** One search backend. Adapters live one per file beside this one. */
export interface SearchProvider {
  readonly id: string;
  search(query: string, call: ProviderCall): Promise<SearchResult[]>;
}

type JsonRequest = {
  provider: string;
  url: URL;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: unknown;
  signal: AbortSignal;
  /** Values (API keys) that must never appear in an error message. */
  secrets?: string[];
};

/**
 * Calls a provider's JSON API (an endpoint the operator configured, so the SSRF policy for page
 * fetches does not apply) and turns its failures into one-line AppErrors without secrets.
 */
export async function callJsonApi<T>(req: JsonRequest, schema: z.ZodType<T>): Promise<T> {
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: req.method ?? 'GET',
      headers: {
        accept: 'application/json',
        ...(req.body ? { 'content-type': 'application/json' } : {}),
        ...req.headers,
      },
      body: req.body ? JSON.stringify(req.body) : undefined,
      signal: req.signal,
      redirect: 'error',
    });
  } catch (err) {
    const reason = req.signal.aborted ? 'timed out' : `could not be reached (${causeCode(err)})`;
    throw new AppError('provider_error', `search provider ${req.provider} ${reason}`);
  }
  const text = await res.text().catch(() => '');
  if (!res.ok) throw statusError(req, res, text);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('provider_error', `search provider ${req.provider} did not answer JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new AppError(
      'provider_error',
      `search provider ${req.provider} answered in an unexpected shape (${parsed.error.issues[0]?.path.join('.') || 'root'})`,
    );
  return parsed.data;
}

function statusError(req: JsonRequest, res: Response, body: string): AppError {
  const detail = redact(errorDetail(body), req.secrets ?? []);
  const suffix = detail ? `: ${detail}` : '';
  if (res.status === 429) {
    const wait = retryAfterSeconds(res.headers);
    return new AppError(
      'rate_limited',
      `search provider ${req.provider} is rate limited${wait !== null ? `; retry in ${wait} s` : ''}${suffix}`,
    );
  }
  if (res.status === 401 || res.status === 403) {
    return new AppError(
      'provider_error',
      `search provider ${req.provider} refused the request (HTTP ${res.status}); check its API key or settings${suffix}`,
    );
  }
  return new AppError(
    'provider_error',
    `search provider ${req.provider} answered HTTP ${res.status}${suffix}`,
  );
}

/** The human part of the JSON error bodies these APIs send (Brave, Tavily, generic). */
function errorDetail(body: string): string {
  try {
    const j = JSON.parse(body) as Record<string, unknown>;
    const e = j.error as Record<string, unknown> | string | undefined;
    const d = j.detail as Record<string, unknown> | string | undefined;
    const found =
      (typeof e === 'object' && e ? (e.detail ?? e.message ?? e.code) : e) ??
      (typeof d === 'object' && d ? (d.error ?? d.message) : d) ??
      j.message;
    return typeof found === 'string' ? oneLine(found) : '';
  } catch {
    return /<[a-z!]/i.test(body) ? '' : oneLine(body);
  }
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim().slice(0, 160);

function redact(s: string, secrets: string[]): string {
  return secrets
    .filter((x) => x.length >= 4)
    .reduce((acc, x) => acc.split(x).join('[redacted]'), s);
}

function retryAfterSeconds(h: Headers): number | null {
  const retry = h.get('retry-after');
  if (retry && /^\d+$/.test(retry.trim())) return Number(retry.trim());
  if (retry) {
    const at = Date.parse(retry);
    if (!Number.isNaN(at)) return Math.max(0, Math.ceil((at - Date.now()) / 1000));
  }
  // Brave: "X-RateLimit-Reset: 1, 1419704" — seconds until the per-second and the monthly windows reset.
  const reset = h.get('x-ratelimit-reset')?.split(',')[0]?.trim();
  return reset && /^\d+$/.test(reset) ? Number(reset) : null;
}

function causeCode(err: unknown): string {
  const cause = (err as { cause?: { code?: string } }).cause;
  return cause?.code ?? (err as Error).name ?? 'error';
}

/** Provider snippets may carry highlighting markup and entities; results keep plain text. */
export function plainText(html: string | null | undefined): string {
  return (html ?? '')
    .replace(/<[^>]*>/g, '')
    .replace(
      /&(amp|lt|gt|quot|#39|apos|nbsp);/g,
      (_, e: string) =>
        ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' })[e] ?? '',
    )
    .replace(/\s+/g, ' ')
    .trim();
}

/** A base URL joined with an API path, keeping any path prefix the base has. */
export function endpoint(base: string, path: string): URL {
  const u = new URL(base);
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  return u;
}
