// One file from a request, streamed to a staging file under uploads/ with its size counted as it
// arrives, after the caller has admitted the request on what precedes the file: the query string,
// and the form fields sent before it. Nothing of the file is read before `admit` returns.
import type { z } from 'zod';
import { AppError } from '../errors';
import { discardStaged, formatMb, type StagedBlob, stageBlob } from '../storage/blobs';
import { multipartParts } from './multipart';
import { parseWith } from './respond';

/** Form fields before the file, at most this many bytes in all. */
const MAX_FIELD_BYTES = 64 * 1024;

export type Received<F> = { fields: F; name: string; staged: StagedBlob };

export type ReceiveOptions<F> = {
  maxBytes: number;
  /** The fields the request must carry, from the query string or form fields before the file. */
  fields: z.ZodType<F>;
  /** Authorises the request (throws to refuse it) before the file is read. */
  admit: (fields: F) => Promise<void>;
  /** Content types taken as the file itself (the whole body), named by `?name=`. */
  raw?: RegExp;
  /** What to say when the body is neither multipart nor a `raw` type. */
  expected: string;
};

const tooLarge = (max: number) =>
  new AppError('payload_too_large', `the file is larger than the upload limit of ${formatMb(max)}`);

export async function receiveFile<F>(req: Request, opts: ReceiveOptions<F>): Promise<Received<F>> {
  const type = req.headers.get('content-type') ?? '';
  const multipart = /^multipart\/form-data\s*(;|$)/i.test(type);
  if (!multipart && !opts.raw?.test(type)) throw new AppError('bad_request', opts.expected);
  if (Number(req.headers.get('content-length') ?? 0) > opts.maxBytes + MAX_FIELD_BYTES)
    throw tooLarge(opts.maxBytes);
  const sent: Record<string, string> = {};
  const url = new URL(req.url);
  for (const [k, v] of url.searchParams) if (v) sent[k] = v;
  const admit = async () => {
    const fields = parseWith(opts.fields, sent);
    await opts.admit(fields);
    return fields;
  };
  if (!multipart) {
    const fields = await admit();
    if (!req.body) throw new AppError('bad_request', 'the request has no body; send the file');
    const staged = await stageBlob(req.body as unknown as AsyncIterable<Uint8Array>, opts.maxBytes);
    return { fields, name: url.searchParams.get('name') ?? '', staged };
  }
  if (!req.body) throw new AppError('bad_request', opts.expected);
  let fieldBytes = 0;
  let received: Received<F> | undefined;
  try {
    for await (const part of multipartParts(req.body, type)) {
      if (part.filename === undefined) {
        fieldBytes += Buffer.byteLength(part.value);
        if (fieldBytes > MAX_FIELD_BYTES)
          throw new AppError('payload_too_large', 'the form fields are too large');
        if (!received && part.value) sent[part.name] = part.value;
      } else if (part.name !== 'file') {
        throw new AppError('bad_request', 'attach the file in a field named "file"');
      } else {
        const fields = await admit();
        const staged = await stageBlob(part.body, opts.maxBytes);
        received = { fields, name: part.filename, staged };
      }
    }
  } catch (err) {
    if (received) await discardStaged(received.staged);
    throw err;
  }
  if (!received) throw new AppError('bad_request', 'attach the file in a field named "file"');
  return received;
}
