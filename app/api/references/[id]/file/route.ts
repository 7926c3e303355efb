import { parseWith, route, Uuid } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { storedFileResponse } from '@/lib/http/stored-file';
import { referenceFile } from '@/lib/references/file';
import { getDb } from '@/lib/runtime/database';

type Ctx = { params: Promise<{ id: string }> };

/** The stored bytes, for members only; never sniffed or run by the browser. */
export const GET = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  const file = await referenceFile(db, who, parseWith(Uuid, (await ctx.params).id));
  return storedFileResponse(file.path, file);
});
