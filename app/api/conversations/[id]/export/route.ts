import { z } from 'zod';
import { parseWith, route, Uuid } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { contentDisposition } from '@/lib/ingest/names';
import { downloadPackage } from '@/lib/packages/download';
import { getDb } from '@/lib/runtime/database';

type Ctx = { params: Promise<{ id: string }> };
const Query = z.object({
  references: z.enum(['files', 'hashes'], 'references must be files or hashes').default('files'),
});

/** The conversation as a signed publish package (a zip); members of its workspace, viewers up. */
export const GET = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  const id = parseWith(Uuid, (await ctx.params).id);
  const q = parseWith(Query, {
    references: new URL(req.url).searchParams.get('references') ?? undefined,
  });
  const pkg = await downloadPackage(db, who, id, { includeReferences: q.references === 'files' });
  return new Response(pkg.body, {
    headers: {
      'content-type': 'application/zip',
      'content-length': String(pkg.bytes),
      'content-disposition': contentDisposition('attachment', pkg.filename),
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'x-atelier-package-sha256': pkg.sha256,
    },
  });
});
