import { z } from 'zod';
import { AppError, logInternal, publicError } from '../errors';

export function json(body: unknown, status = 200, headers?: Headers): Response {
  const h = new Headers(headers);
  h.set('cache-control', 'no-store');
  return Response.json(body, { status, headers: h });
}

export function errorResponse(err: unknown): Response {
  logInternal(err, 'request');
  const e = publicError(err);
  return json({ error: { code: e.code, message: e.message } }, e.status);
}

/** Wraps a route handler so every failure becomes `{error:{code,message}}` with its status, never a stack. */
export function route<A extends unknown[]>(fn: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await fn(...args);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

const MAX_JSON_BYTES = 1_000_000;
const tooLarge = () => new AppError('payload_too_large', 'the request body is too large');

/**
 * The body as text, at most `max` bytes counted as they arrive: a chunked body declares no length,
 * so the header alone cannot hold the limit.
 */
async function boundedText(req: Request, max: number): Promise<string> {
  if (Number(req.headers.get('content-length') ?? 0) > max) throw tooLarge();
  if (!req.body) return '';
  const reader = req.body.getReader();
  const pieces: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > max) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    pieces.push(value);
  }
  return Buffer.concat(pieces).toString('utf8');
}

export async function readJson<T>(req: Request, schema: z.ZodType<T>): Promise<T> {
  const text = await boundedText(req, MAX_JSON_BYTES);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'the request body must be JSON');
  }
  return parseWith(schema, body);
}

export function parseWith<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  throw new AppError('bad_request', `${where}${issue.message}`);
}

/**
 * A uuid as the database spells it (lower case). Ids are compared as text after they are read (audit
 * hashes, in-memory keys), so one sent in capitals must not pass through as such.
 */
export const uuid = (message = 'not a valid id') =>
  z.uuid(message).transform((id) => id.toLowerCase());
export const Uuid = uuid();
