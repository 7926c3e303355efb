import { imageDownload } from '@/lib/gallery/detail';
import { parseWith, route, Uuid } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { storedFileResponse } from '@/lib/http/stored-file';
import { getDb } from '@/lib/runtime/database';

type Ctx = { params: Promise<{ id: string }> };

/** The stored PNG as an attachment: its bytes unchanged (metadata included) under a telling name. */
export const GET = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  const file = await imageDownload(db, who, parseWith(Uuid, (await ctx.params).id));
  return storedFileResponse(file.path, {
    mime: file.mime,
    bytes: file.bytes,
    disposition: `attachment; filename="${file.filename}"`,
  });
});
