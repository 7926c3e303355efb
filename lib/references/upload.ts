import { z } from 'zod';
import type { Db } from '../../db/client';
import { AppError } from '../errors';
import { receiveFile } from '../http/receive-file';
import { checkQuota } from '../quotas/check';
import type { StagedBlob } from '../storage/blobs';
import type { Principal } from '../workspaces/access';
import { resolveTarget, type Target } from './access';

const Fields = z.object({
  conversationId: z.uuid('conversationId is not a valid id').optional(),
  workspaceId: z.uuid('workspaceId is not a valid id').optional(),
});

export type Upload = { target: Target; name: string; staged: StagedBlob };

/**
 * A reference upload: multipart with a `file` field (or the file as an application/octet-stream
 * body, named by `?name=`), its target (`conversationId` or `workspaceId`) in the query string or in
 * form fields before the file. The caller's role and upload quota are checked before any byte of the
 * file is read; then it is streamed to a staging file, its size capped as it arrives. The caller
 * ingests the staged file, which discards it.
 */
export async function receiveUpload(
  db: Db,
  who: Principal,
  req: Request,
  maxBytes: number,
): Promise<Upload> {
  let target: Target | undefined;
  const { name, staged } = await receiveFile(req, {
    maxBytes,
    fields: Fields,
    raw: /^application\/octet-stream\s*(;|$)/i,
    expected: 'send the file as multipart/form-data in a field named "file"',
    admit: async (f) => {
      if (!f.conversationId && !f.workspaceId)
        throw new AppError(
          'bad_request',
          'give a conversationId or a workspaceId, in the query string or as a form field before the file',
        );
      target = await resolveTarget(db, who, f, 'editor');
      await checkQuota(db, who, target.workspaceId, 'uploads');
    },
  });
  return { target: target!, name, staged };
}
