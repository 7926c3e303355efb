import { z } from 'zod';
import { receiveFile } from '../http/receive-file';
import type { StagedBlob } from '../storage/blobs';

const ZIP_TYPES = /^application\/(zip|x-zip-compressed|octet-stream)\s*(;|$)/i;

/**
 * The package a request carries, streamed to a staging file under uploads/ with the size capped as
 * the bytes arrive: the body itself (`application/zip`) or a multipart `file` field. The caller
 * checks the role first and discards the staged file when it is done with it.
 */
export async function receivePackage(req: Request, maxBytes: number): Promise<StagedBlob> {
  const { staged } = await receiveFile(req, {
    maxBytes,
    fields: z.object({}),
    raw: ZIP_TYPES,
    admit: async () => undefined,
    expected:
      'send the package as the request body (application/zip) or as multipart/form-data in a field named "file"',
  });
  return staged;
}
