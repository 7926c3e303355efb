import { z } from 'zod';
import { parseWith, readJson, route, Uuid } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { contentDisposition } from '@/lib/ingest/names';
import { downloadPackage } from '@/lib/packages/download';
import { getDb } from '@/lib/runtime/database';

type Ctx = { params: Promise<{ id: string }> };
const Body = z.object({
  references: z.enum(['files', 'hashes'], 'references must be files or hashes').default('files'),
  images: z.enum(['all', 'approved'], 'images must be all or approved').default('all'),
});

/**
 * The conversation as a signed publish package (a zip); members of its workspace, viewers up. A
 * POST (CSRF-checked): making a package records an audit event and signs a checkpoint.
 */
export const POST = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  const id = parseWith(Uuid, (await ctx.params).id);
  const q = await readJson(req, Body);
  const pkg = await downloadPackage(db, who, id, {
    includeReferences: q.references === 'files',
    approvedOnly: q.images === 'approved',
  });
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
