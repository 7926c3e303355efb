import { listImages } from '@/lib/gallery/list';
import { GALLERY_PARAMS, GalleryQuery } from '@/lib/gallery/query';
import { json, parseWith, route } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { getDb } from '@/lib/runtime/database';

/**
 * The images of a workspace (`?workspaceId=`) or a conversation (`?conversationId=`), newest
 * first: `?profile=&model=` filter, `?cursor=&limit=` page.
 */
export const GET = route(async (req: Request) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  const params = new URL(req.url).searchParams;
  const query = parseWith(
    GalleryQuery,
    Object.fromEntries(GALLERY_PARAMS.map((k) => [k, params.get(k) || undefined])),
  );
  return json(await listImages(db, who, query));
});
