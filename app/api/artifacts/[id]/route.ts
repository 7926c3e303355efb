import { artifactFile } from '@/lib/artifacts/service';
import { parseWith, route, Uuid } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { storedFileResponse } from '@/lib/http/stored-file';
import { getDb } from '@/lib/runtime/database';

type Ctx = { params: Promise<{ id: string }> };

export const GET = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  const file = await artifactFile(db, who, parseWith(Uuid, (await ctx.params).id));
  return storedFileResponse(file.path, {
    mime: file.mime,
    bytes: file.bytes,
    disposition: `inline; filename="${file.filename}"`,
  });
});
