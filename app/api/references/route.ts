import { z } from 'zod';
import { readEnv } from '@/lib/config/env';
import { json, parseWith, route, Uuid } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { ingestReference } from '@/lib/references/ingest';
import { referencesListing } from '@/lib/references/listing';
import { receiveUpload } from '@/lib/references/upload';
import { getDb } from '@/lib/runtime/database';

const ListQuery = z.object({ conversationId: Uuid.optional(), workspaceId: Uuid.optional() });

/**
 * Upload one reference (multipart `file`, with `conversationId` or `workspaceId` before it or in the
 * query string); editors only, checked before the file is read.
 */
export const POST = route(async (req: Request) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  const upload = await receiveUpload(db, who, req, readEnv().maxUploadBytes);
  const result = await ingestReference(db, who, {
    target: upload.target,
    name: upload.name,
    source: upload.staged,
  });
  return json(result, result.deduplicated ? 200 : 201);
});

/** The references of a conversation or workspace, and the upload size limit (so clients refuse early). */
export const GET = route(async (req: Request) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  const params = new URL(req.url).searchParams;
  const q = parseWith(ListQuery, {
    conversationId: params.get('conversationId') ?? undefined,
    workspaceId: params.get('workspaceId') ?? undefined,
  });
  return json(await referencesListing(db, who, q));
});
