import { artifactPreview, PreviewWidth } from '@/lib/artifacts/preview';
import { parseWith, route, Uuid } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { storedFileResponse } from '@/lib/http/stored-file';
import { getDb } from '@/lib/runtime/database';

type Ctx = { params: Promise<{ id: string }> };

/** GET ?w=256|512|768: a WebP preview of a generated image, for tiles. */
export const GET = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  const id = parseWith(Uuid, (await ctx.params).id);
  const width = parseWith(PreviewWidth, new URL(req.url).searchParams.get('w'));
  const preview = await artifactPreview(db, who, id, width);
  return storedFileResponse(preview.path, preview);
});
