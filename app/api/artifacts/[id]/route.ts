import fs from 'node:fs';
import { Readable } from 'node:stream';
import { artifactFile } from '@/lib/artifacts/service';
import { parseWith, route, Uuid } from '@/lib/http/respond';
import { requireSession } from '@/lib/http/session';
import { getDb } from '@/lib/runtime/database';

type Ctx = { params: Promise<{ id: string }> };

export const GET = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const { user } = await requireSession(db, req);
  const file = await artifactFile(db, user.id, parseWith(Uuid, (await ctx.params).id));
  const body = Readable.toWeb(fs.createReadStream(file.path)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      'content-type': file.mime,
      'content-length': String(file.bytes),
      'content-disposition': `inline; filename="${file.filename}"`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      // Content-addressed: the bytes behind an id never change.
      'cache-control': 'private, max-age=31536000, immutable',
    },
  });
});
