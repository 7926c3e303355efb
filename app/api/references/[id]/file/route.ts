import fs from 'node:fs';
import { Readable } from 'node:stream';
import { parseWith, route, Uuid } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { referenceFile } from '@/lib/references/file';
import { getDb } from '@/lib/runtime/database';

type Ctx = { params: Promise<{ id: string }> };

/** The stored bytes, for members only; never sniffed or run by the browser. */
export const GET = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  const file = await referenceFile(db, who, parseWith(Uuid, (await ctx.params).id));
  const body = Readable.toWeb(fs.createReadStream(file.path)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      'content-type': file.mime,
      'content-length': String(file.bytes),
      'content-disposition': file.disposition,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      // Content-addressed: the bytes behind an id never change.
      'cache-control': 'private, max-age=31536000, immutable',
    },
  });
});
