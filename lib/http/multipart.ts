// A multipart/form-data body read part by part as it arrives (parsed by busboy), so a file part can be
// streamed to disk and the fields before it acted on (a role check) before a byte of the file is read.
import { PassThrough, pipeline, Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { AppError } from '../errors';

export type Part =
  | { name: string; value: string; filename?: undefined }
  | {
      name: string;
      /** Possibly empty. */
      filename: string;
      /** Read it to the end (or not at all) before asking for the next part. */
      body: AsyncIterable<Uint8Array>;
    };

const MAX_FIELDS = 16;
const MAX_FIELD_BYTES = 64 * 1024;
const LIMITS: busboy.Limits = {
  files: 1,
  fields: MAX_FIELDS,
  fieldSize: MAX_FIELD_BYTES,
  // Parts busboy skips (no form-data disposition) count only here; past it the rest is ignored.
  parts: MAX_FIELDS + 1,
};

type Entry = { part: Part; file?: Readable };

const bad = (why: string) =>
  new AppError('bad_request', `the upload is not valid multipart/form-data: ${why}`);

const REASONS: Record<string, string> = {
  'Malformed content type': 'its Content-Type cannot be read',
  'Multipart: Boundary not found': 'its Content-Type names no boundary',
  'Malformed part header': 'a part’s headers are malformed or too long',
  'Unexpected end of form': 'the body ends before its closing boundary',
  'Unexpected end of file': 'the body ends before its closing boundary',
};

function reason(err: unknown): unknown {
  const why = err instanceof Error && !(err instanceof AppError) && REASONS[err.message];
  return why ? bad(why) : err;
}

// Browsers escape only these three in a quoted name (the HTML standard's encoding); busboy keeps them.
const decodeQuoted = (s: string) => s.replace(/%22|%0D|%0A/gi, (e) => decodeURIComponent(e));

async function* fileBody(file: Readable): AsyncGenerator<Uint8Array> {
  try {
    yield* file;
  } catch (err) {
    throw reason(err);
  }
}

/**
 * The parts of a multipart body in order. A file part's body must be read to its end or abandoned
 * before the next part is asked for (what is left of it is skipped); until it is read, busboy holds
 * back the rest of the body. The body is cancelled if the caller stops or a part is refused.
 */
export async function* multipartParts(
  body: ReadableStream<Uint8Array>,
  contentType: string,
): AsyncGenerator<Part> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      limits: LIMITS,
      defParamCharset: 'utf8',
      // The name as sent: the caller refuses one with a path rather than taking its last segment.
      preservePath: true,
    });
  } catch (err) {
    await body.cancel().catch(() => undefined);
    throw reason(err);
  }
  // No read-ahead: a refused upload has read no more of its file than busboy's buffers hold.
  const source = Readable.fromWeb(body as WebReadableStream<Uint8Array>, { highWaterMark: 0 });
  const parts = new PassThrough({ objectMode: true });
  const fail = (err: unknown) => {
    parts.destroy(reason(err) as Error);
    source.destroy();
  };
  parser.on('field', (name, value, info) => {
    if (!name) fail(bad('a part has no name'));
    else if (info.valueTruncated)
      fail(
        new AppError(
          'payload_too_large',
          `a form field is larger than ${MAX_FIELD_BYTES / 1024} KB`,
        ),
      );
    else parts.write({ part: { name: decodeQuoted(name), value } } satisfies Entry);
  });
  parser.on('file', (name, file, info) => {
    // busboy destroys it with its own error, which `fail` reports; unlistened, an unread file's
    // error would be thrown.
    file.on('error', () => undefined);
    if (!name) return fail(bad('a part has no name'));
    const part = {
      name: decodeQuoted(name),
      filename: decodeQuoted(info.filename ?? ''),
      body: fileBody(file),
    };
    parts.write({ part, file } satisfies Entry);
  });
  parser.on('filesLimit', () => fail(new AppError('bad_request', 'send one file per request')));
  parser.on('fieldsLimit', () =>
    fail(new AppError('bad_request', `send at most ${MAX_FIELDS} form fields`)),
  );
  parser.on('error', fail);
  pipeline(source, parser, (err) => (err ? fail(err) : parts.end()));
  try {
    for await (const { part, file } of parts as AsyncIterable<Entry>) {
      yield part;
      // What the caller left unread is skipped.
      file?.resume();
    }
  } finally {
    source.destroy();
    parser.destroy();
  }
}
