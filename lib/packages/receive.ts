import { AppError } from '../errors';
import { readUpload } from '../references/upload';
import { formatMb, type StagedBlob, stageBlob } from '../storage/blobs';

const ZIP_TYPES = /^application\/(zip|x-zip-compressed|octet-stream)\s*(;|$)/i;

/**
 * The package a request carries, streamed to a staging file under uploads/ with the size capped as
 * the bytes arrive: the body itself (`application/zip`) or a multipart `file` field. The caller
 * discards the staged file when it is done with it.
 */
export async function receivePackage(req: Request, maxBytes: number): Promise<StagedBlob> {
  const type = req.headers.get('content-type') ?? '';
  if (/^multipart\/form-data;/i.test(type)) {
    const { file } = await readUpload(req, maxBytes);
    return stageBlob(file.stream() as unknown as AsyncIterable<Uint8Array>, maxBytes);
  }
  if (!ZIP_TYPES.test(type))
    throw new AppError(
      'bad_request',
      'send the package as the request body (application/zip) or as multipart/form-data in a field named "file"',
    );
  if (Number(req.headers.get('content-length') ?? 0) > maxBytes)
    throw new AppError(
      'payload_too_large',
      `the file is larger than the upload limit of ${formatMb(maxBytes)}`,
    );
  if (!req.body) throw new AppError('bad_request', 'the request has no body; send the package');
  return stageBlob(req.body as unknown as AsyncIterable<Uint8Array>, maxBytes);
}
