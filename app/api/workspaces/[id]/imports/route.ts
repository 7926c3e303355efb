import { readEnv } from '@/lib/config/env';
import { json, parseWith, route, Uuid } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { importPackage } from '@/lib/packages/import';
import { receivePackage } from '@/lib/packages/receive';
import { getDb } from '@/lib/runtime/database';
import { discardStaged } from '@/lib/storage/blobs';
import { requireRole } from '@/lib/workspaces/access';

type Ctx = { params: Promise<{ id: string }> };

/**
 * Imports a publish package (the body as application/zip, or multipart `file`) as a read-only
 * conversation of the workspace; editors up. The role is checked before a byte of the body is read.
 */
export const POST = route(async (req: Request, ctx: Ctx) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  const workspaceId = parseWith(Uuid, (await ctx.params).id);
  await requireRole(db, who, workspaceId, 'editor');
  const staged = await receivePackage(req, readEnv().maxImportBytes);
  try {
    return json(await importPackage(db, who, workspaceId, staged.tmpPath), 201);
  } finally {
    await discardStaged(staged);
  }
});
