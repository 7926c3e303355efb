import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { readJson } from '@/lib/http/respond';

/** A chunked request: its body arrives in pieces and declares no length. */
function chunked(pieces: number, size: number): { req: Request; pulled: () => number } {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === pieces) return controller.close();
      sent++;
      controller.enqueue(
        new TextEncoder().encode(sent === 1 ? `{"pad":"${'x'.repeat(size - 8)}` : 'x'.repeat(size)),
      );
    },
  });
  const req = new Request('http://localhost/api/x', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
    duplex: 'half',
  } as RequestInit);
  return { req, pulled: () => sent };
}

describe('readJson', () => {
  it('refuses a chunked body past 1 MB as it arrives, without reading the rest', async () => {
    const { req, pulled } = chunked(10_000, 64 * 1024);
    const err = await readJson(req, z.object({ pad: z.string() })).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({
      code: 'payload_too_large',
      message: 'the request body is too large',
    });
    expect(pulled()).toBeLessThan(20);
  });

  it('reads a body under the limit, chunked or not', async () => {
    const small = new Request('http://localhost/api/x', {
      method: 'POST',
      body: JSON.stringify({ name: 'Studio' }),
    });
    expect(await readJson(small, z.object({ name: z.string() }))).toEqual({ name: 'Studio' });
    const bad = new Request('http://localhost/api/x', { method: 'POST', body: '{nope' });
    await expect(readJson(bad, z.object({}))).rejects.toMatchObject({
      code: 'bad_request',
      message: 'the request body must be JSON',
    });
  });
});
