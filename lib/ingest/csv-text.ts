// Decoding a stored CSV as a stream of text, and mapping char positions back to byte offsets.
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import { AppError } from '../errors';
import type { TextEncodingName } from './sniff';

// papaparse's step mode is slower on large strings than on 64 KiB pieces.
const READ_CHUNK = 1 << 16;
const BOM_BYTES: Record<TextEncodingName, number> = {
  'utf-8': 3,
  'utf-16le': 2,
  'utf-16be': 2,
  'windows-1252': 0,
};

/** Where the last complete UTF-8 character of `b` ends (a lead byte cut off at the end is left out). */
function completeUtf8(b: Buffer): number {
  for (let i = b.length - 1, back = 0; i >= 0 && back < 4; i--, back++) {
    const c = b[i];
    if (c < 0x80) return b.length;
    if (c >= 0xc0) return i + (c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2) <= b.length ? b.length : i;
  }
  return b.length;
}

const invalid = (encoding: TextEncodingName, offset: number) =>
  new AppError(
    'bad_request',
    `the CSV is not valid ${encoding === 'utf-8' ? 'UTF-8' : encoding} text (near byte ${offset.toLocaleString('en')})`,
  );

/**
 * The bytes of `path` from `start` up to `end` (exclusive), in pieces of READ_CHUNK: read by libuv's
 * threads, or with `sync` on the calling thread (a parse worker, which has nothing else to do while
 * it reads: each piece then costs no hand-over to another thread and back).
 */
async function* fileBytes(
  path: string,
  start: number,
  end: number,
  sync: boolean,
): AsyncGenerator<Buffer> {
  if (!sync) {
    const range = {
      start,
      end: Number.isFinite(end) ? end - 1 : undefined,
      highWaterMark: READ_CHUNK,
    };
    yield* fs.createReadStream(path, range) as AsyncIterable<Buffer>;
    return;
  }
  const fd = fs.openSync(path, 'r');
  try {
    for (let at = start; at < end; ) {
      const want = Math.min(READ_CHUNK, end - at);
      const buf = Buffer.allocUnsafe(want);
      const got = fs.readSync(fd, buf, 0, want, at);
      if (got === 0) return;
      at += got;
      yield got < want ? buf.subarray(0, got) : buf;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The text of `path` from byte `start` (up to byte `end`, exclusive), decoded strictly: invalid bytes or NULs are refused. UTF-8 is
 * validated with `isUtf8` and decoded by Buffer (both simdutf): TextDecoder's fatal mode is several
 * times slower. `sync`: read on this thread (see `fileBytes`).
 */
export async function* decodeFile(
  path: string,
  encoding: TextEncodingName,
  start = 0,
  onBom?: (bytes: number) => void,
  end = Infinity,
  sync = false,
): AsyncGenerator<string> {
  const decoder = encoding === 'utf-8' ? null : new TextDecoder(encoding, { fatal: true });
  let offset = start;
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of fileBytes(path, start, end, sync)) {
    let raw = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    if (offset === start && start === 0) {
      const bom = hasBom(raw, encoding) ? BOM_BYTES[encoding] : 0;
      onBom?.(bom);
      if (decoder === null) raw = raw.subarray(bom);
    }
    let text: string;
    if (decoder) {
      try {
        text = decoder.decode(raw, { stream: true });
      } catch {
        throw invalid(encoding, offset);
      }
    } else {
      const end = completeUtf8(raw);
      carry = raw.subarray(end);
      if (!isUtf8(raw.subarray(0, end))) throw invalid(encoding, offset);
      text = raw.toString('utf8', 0, end);
    }
    if (text.includes('\u0000'))
      throw new AppError(
        'bad_request',
        'the CSV contains binary data (NUL characters), so it is not read as text',
      );
    offset += chunk.length;
    if (text) yield text;
  }
  if (carry.length)
    throw new AppError(
      'bad_request',
      'the CSV ends in the middle of a character (was it cut off?)',
    );
  try {
    const rest = decoder?.decode();
    if (rest) yield rest;
  } catch {
    throw new AppError(
      'bad_request',
      'the CSV ends in the middle of a character (was it cut off?)',
    );
  }
}

function hasBom(raw: Buffer, encoding: TextEncodingName): boolean {
  if (encoding === 'utf-8') return raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf;
  if (encoding === 'utf-16le') return raw[0] === 0xff && raw[1] === 0xfe;
  if (encoding === 'utf-16be') return raw[0] === 0xfe && raw[1] === 0xff;
  return false;
}

type Piece = { text: string; char: number; byte: number; bytes: number };

/**
 * The decoded text seen so far, kept from the oldest position still needed: converts increasing char
 * positions to byte offsets in the file and hands out slices for passages. A piece of pure ASCII (the
 * common case) converts in constant time; others count the bytes from the last position converted.
 */
export class TextWindow {
  private pieces: Piece[] = [];
  private end = 0;
  private endByte: number;
  /** The last UTF-8 position converted inside a non-ASCII piece, and its byte offset. */
  private last = { piece: null as Piece | null, char: 0, byte: 0 };

  /** `firstByte`: the byte offset of char 0 (a BOM's length, or where a range of the file starts). */
  constructor(
    private readonly encoding: TextEncodingName,
    private firstByte = 0,
  ) {
    this.endByte = firstByte;
  }

  setBom(bytes: number): void {
    if (this.end === 0) this.endByte = this.firstByte = bytes;
  }

  push(text: string): void {
    const bytes =
      this.encoding === 'utf-8'
        ? Buffer.byteLength(text, 'utf8')
        : this.encoding === 'windows-1252'
          ? text.length
          : text.length * 2;
    this.pieces.push({ text, char: this.end, byte: this.endByte, bytes });
    this.end += text.length;
    this.endByte += bytes;
  }

  get length(): number {
    return this.end;
  }

  /** Byte offset of char position `pos`, which must not be before the oldest text kept. */
  byteAt(pos: number): number {
    if (this.encoding === 'windows-1252') return this.firstByte + pos;
    if (this.encoding !== 'utf-8') return this.firstByte + pos * 2;
    let i = this.pieces.length - 1;
    while (i > 0 && this.pieces[i].char > pos) i--;
    const p = this.pieces[i];
    if (!p) return this.endByte;
    if (p.bytes === p.text.length) return p.byte + (pos - p.char);
    const from =
      this.last.piece === p && this.last.char <= pos ? this.last : { char: p.char, byte: p.byte };
    const byte =
      from.byte + Buffer.byteLength(p.text.slice(from.char - p.char, pos - p.char), 'utf8');
    this.last = { piece: p, char: pos, byte };
    return byte;
  }

  slice(from: number, to: number): string {
    let out = '';
    for (const p of this.pieces) {
      const pEnd = p.char + p.text.length;
      if (pEnd > from && p.char < to)
        out += p.text.slice(Math.max(0, from - p.char), Math.min(p.text.length, to - p.char));
      if (pEnd >= to) break;
    }
    return out;
  }

  /** Forgets the text before `pos`. */
  release(pos: number): void {
    while (this.pieces.length > 1 && this.pieces[0].char + this.pieces[0].text.length <= pos)
      this.pieces.shift();
  }
}
