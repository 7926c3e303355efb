import { z } from 'zod';
import { parseWith, route, Uuid } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { storedFileResponse } from '@/lib/http/stored-file';
import { pdfPageImage } from '@/lib/references/derived-images';
import { getDb } from '@/lib/runtime/database';

type Ctx = { params: Promise<{ id: string; page: string }> };

const Page = z.coerce
  .number()
  .int('the page must be a whole number')
  .positive('pages count from 1');

/** A PDF page drawn as PNG for the viewer (members only): drawn on first request, then kept. */
export const GET = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  const { id, page } = await ctx.params;
  const file = await pdfPageImage(db, who, parseWith(Uuid, id), parseWith(Page, page));
  return storedFileResponse(file.path, { mime: 'image/png', bytes: file.bytes });
});
