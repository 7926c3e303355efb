// A multipart/form-data body read part by part as it arrives, so a file part can be streamed to disk
// and the fields before it acted on (a role check) before a byte of the file is read. Hand-written
// because no streaming parser is among the dependencies; it reads what browsers and fetch send.
import { AppError } from '../errors';

export type Part = {
  name: string;
  /** Present on a file part (possibly empty). */
  filename?: string;
  /** The part's bytes; read it to the end (or not at all) before asking for the next part. */
  body: AsyncIterable<Uint8Array>;
};

const MAX_HEADER_BYTES = 16 * 1024;
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const bad = (why: string) =>
  new AppError('bad_request', `the upload is not valid multipart/form-data: ${why}`);

export function boundaryOf(contentType: string): string | null {
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : null;
}

/** `name` and `filename` from a Content-Disposition header (quoted or not; `filename*` ignored). */
function disposition(headers: string): { name: string; filename?: string } {
  const line = headers.split('\r\n').find((l) => /^content-disposition:/i.test(l));
  if (!line || !/:\s*form-data/i.test(line)) throw bad('a part has no form-data disposition');
  const param = (key: string) => {
    const m = new RegExp(`;\\s*${key}="([^"]*)"|;\\s*${key}=([^;\\s]*)`, 'i').exec(line);
    if (!m) return undefined;
    // Browsers escape only these three in a quoted name (the HTML standard's encoding).
    return m[1] !== undefined ? m[1].replace(/%22|%0D|%0A/gi, (e) => decodeURIComponent(e)) : m[2];
  };
  const name = param('name');
  if (name === undefined) throw bad('a part has no name');
  const filename = param('filename');
  return filename === undefined ? { name } : { name, filename };
}

/** Pulls chunks from the stream into a buffer only as the parser needs them. */
class Pull {
  buf = Buffer.alloc(0);
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
  }
  async more(): Promise<boolean> {
    const { done, value } = await this.reader.read();
    if (done) return false;
    this.buf = this.buf.length ? Buffer.concat([this.buf, value]) : Buffer.from(value);
    return true;
  }
  /** Waits until `needle` is buffered (searching from `from`), at most `max` bytes ahead. */
  async find(needle: Buffer, max: number, from = 0): Promise<number> {
    for (;;) {
      const at = this.buf.indexOf(needle, from);
      if (at >= 0) return at;
      if (this.buf.length > max) return -1;
      if (!(await this.more())) return -1;
    }
  }
  cancel(): Promise<void> {
    return this.reader.cancel().catch(() => undefined);
  }
}

/**
 * The parts of a multipart body in order. A part's body must be read to its end or abandoned before
 * the next is asked for (what is left of it is skipped); the stream is cancelled if the caller stops.
 */
export async function* multipartParts(
  body: ReadableStream<Uint8Array>,
  boundary: string,
): AsyncGenerator<Part> {
  const pull = new Pull(body);
  // Every delimiter but the first follows a line break; the first may open the body.
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  pull.buf = Buffer.from(CRLF);
  try {
    let at = await pull.find(delimiter, MAX_HEADER_BYTES);
    if (at < 0) throw bad('no opening boundary');
    pull.buf = pull.buf.subarray(at + delimiter.length);
    for (;;) {
      while (pull.buf.length < 2)
        if (!(await pull.more())) throw bad('the body ends after a boundary');
      if (pull.buf[0] === 0x2d && pull.buf[1] === 0x2d) return; // "--": the closing delimiter
      const end = await pull.find(HEADER_END, MAX_HEADER_BYTES);
      if (end < 0) throw bad('a part’s headers are missing or too long');
      const headers = pull.buf.subarray(0, end).toString('utf8');
      pull.buf = pull.buf.subarray(end + HEADER_END.length);
      let done = false;
      const partBody = async function* (): AsyncGenerator<Uint8Array> {
        for (;;) {
          at = pull.buf.indexOf(delimiter);
          if (at >= 0) {
            const last = pull.buf.subarray(0, at);
            pull.buf = pull.buf.subarray(at + delimiter.length);
            done = true;
            if (last.length) yield last;
            return;
          }
          // All but what could be the start of a delimiter goes out now.
          const safe = pull.buf.length - (delimiter.length - 1);
          if (safe > 0) {
            const piece = pull.buf.subarray(0, safe);
            pull.buf = pull.buf.subarray(safe);
            yield piece;
          }
          if (!(await pull.more())) throw bad('the body ends inside a part');
        }
      };
      yield { ...disposition(headers), body: partBody() };
      // What the caller left unread is skipped by reading on from where it stopped.
      if (!done) for await (const piece of partBody()) void piece;
    }
  } finally {
    await pull.cancel();
  }
}
