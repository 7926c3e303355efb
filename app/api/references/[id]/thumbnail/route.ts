import { parseWith, route, Uuid } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { storedFileResponse } from '@/lib/http/stored-file';
import { referenceThumbnail } from '@/lib/references/derived-images';
import { getDb } from '@/lib/runtime/database';

type Ctx = { params: Promise<{ id: string }> };

/** A small preview (PNG scaled down, PDF first page) for members: drawn on first request, then kept. */
export const GET = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  const file = await referenceThumbnail(db, who, parseWith(Uuid, (await ctx.params).id));
  return storedFileResponse(file.path, { mime: 'image/png', bytes: file.bytes });
});
