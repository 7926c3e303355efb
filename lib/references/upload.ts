import { z } from 'zod';
import { AppError } from '../errors';
import { parseWith } from '../http/respond';
import { formatMb } from '../storage/blobs';

/** Room for the multipart framing and the other fields around the file. */
const FRAMING_BYTES = 64 * 1024;

const Fields = z.object({
  conversationId: z.uuid('conversationId is not a valid id').optional(),
  workspaceId: z.uuid('workspaceId is not a valid id').optional(),
});

export type Upload = { file: File; conversationId?: string; workspaceId?: string };

/**
 * A multipart upload with one `file` field, read with the body capped at the upload limit (checked
 * against Content-Length first, and again while the bytes arrive for chunked bodies).
 */
export async function readUpload(req: Request, maxBytes: number): Promise<Upload> {
  const type = req.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data;/i.test(type))
    throw new AppError(
      'bad_request',
      'send the file as multipart/form-data in a field named "file"',
    );
  const cap = maxBytes + FRAMING_BYTES;
  const tooLarge = () =>
    new AppError(
      'payload_too_large',
      `the file is larger than the upload limit of ${formatMb(maxBytes)}`,
    );
  if (Number(req.headers.get('content-length') ?? 0) > cap) throw tooLarge();
  if (!req.body)
    throw new AppError(
      'bad_request',
      'the request has no body; attach the file in a field named "file"',
    );
  let total = 0;
  let over = false;
  const limited = req.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, ctl) {
        total += chunk.byteLength;
        if (total > cap) {
          over = true;
          ctl.error(tooLarge());
        } else ctl.enqueue(chunk);
      },
    }),
  );
  let form: FormData;
  try {
    form = await new Response(limited, { headers: { 'content-type': type } }).formData();
  } catch {
    throw over
      ? tooLarge()
      : new AppError('bad_request', 'the upload is not valid multipart/form-data');
  }
  const files = form.getAll('file');
  if (files.length !== 1 || !(files[0] instanceof File)) {
    throw new AppError(
      'bad_request',
      files.length > 1 ? 'send one file per request' : 'attach the file in a field named "file"',
    );
  }
  const str = (k: string) => {
    const v = form.get(k);
    return typeof v === 'string' && v ? v : undefined;
  };
  return {
    file: files[0],
    ...parseWith(Fields, {
      conversationId: str('conversationId'),
      workspaceId: str('workspaceId'),
    }),
  };
}
