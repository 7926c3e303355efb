// Decoding a stored CSV as a stream of text, and mapping char positions back to byte offsets.
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import { AppError } from '../errors';
import type { TextEncodingName } from './sniff';

// papaparse's step mode is slower on large strings than on 64 KiB pieces.
const READ_CHUNK = 1 << 16;
const BOM_BYTES: Record<TextEncodingName, number> = { 'utf-8': 3, 'utf-16le': 2, 'utf-16be': 2, 'windows-1252': 0 };

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
  new AppError('bad_request', `the CSV is not valid ${encoding === 'utf-8' ? 'UTF-8' : encoding} text (near byte ${offset.toLocaleString('en')})`);

/**
 * The text of `path` from byte `start`, decoded strictly: invalid bytes or NULs are refused. UTF-8 is
 * validated with `isUtf8` and decoded by Buffer (both simdutf): TextDecoder's fatal mode is several
 * times slower.
 */
export async function* decodeFile(path: string, encoding: TextEncodingName, start = 0, onBom?: (bytes: number) => void): AsyncGenerator<string> {
  const decoder = encoding === 'utf-8' ? null : new TextDecoder(encoding, { fatal: true });
  let offset = start;
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of fs.createReadStream(path, { start, highWaterMark: READ_CHUNK }) as AsyncIterable<Buffer>) {
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
    if (text.includes('\u0000')) throw new AppError('bad_request', 'the CSV contains binary data (NUL characters), so it is not read as text');
    offset += chunk.length;
    if (text) yield text;
  }
  if (carry.length) throw new AppError('bad_request', 'the CSV ends in the middle of a character (was it cut off?)');
  try {
    const rest = decoder?.decode();
    if (rest) yield rest;
  } catch {
    throw new AppError('bad_request', 'the CSV ends in the middle of a character (was it cut off?)');
  }
}

function hasBom(raw: Buffer, encoding: TextEncodingName): boolean {
  if (encoding === 'utf-8') return raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf;
  if (encoding === 'utf-16le') return raw[0] === 0xff && raw[1] === 0xfe;
  if (encoding === 'utf-16be') return raw[0] === 0xfe && raw[1] === 0xff;
  return false;
}

/**
 * The decoded text seen so far, kept from the oldest position still needed: converts increasing char
 * positions to byte offsets in the file and hands out slices for passages.
 */
export class TextWindow {
  private pieces: string[] = [];
  /** Char position of pieces[0][0]. */
  private base = 0;
  private end = 0;
  /** The last position converted, and its byte offset. */
  private char = 0;
  private byte = 0;

  constructor(
    private readonly encoding: TextEncodingName,
    bomBytes = 0,
  ) {
    this.byte = bomBytes;
  }

  setBom(bytes: number): void {
    if (this.char === 0) this.byte = bytes;
  }

  push(text: string): void {
    this.pieces.push(text);
    this.end += text.length;
  }

  get length(): number {
    return this.end;
  }

  /** Byte offset of char position `pos` (never less than the last one asked for). */
  byteAt(pos: number): number {
    if (this.encoding === 'windows-1252') return pos;
    if (this.encoding !== 'utf-8') return this.byte - this.char * 2 + pos * 2;
    this.byte += Buffer.byteLength(this.slice(this.char, pos), 'utf8');
    this.char = pos;
    return this.byte;
  }

  slice(from: number, to: number): string {
    let out = '';
    let at = this.base;
    for (const p of this.pieces) {
      const pEnd = at + p.length;
      if (pEnd > from && at < to) out += p.slice(Math.max(0, from - at), Math.min(p.length, to - at));
      if (pEnd >= to) break;
      at = pEnd;
    }
    return out;
  }

  /** Forgets text before `pos` (UTF-8 keeps what the next byte offset is counted from). */
  release(pos: number): void {
    if (this.encoding === 'utf-8') pos = Math.min(pos, this.char);
    while (this.pieces.length > 1 && this.base + this.pieces[0].length <= pos) {
      this.base += this.pieces[0].length;
      this.pieces.shift();
    }
  }
}
