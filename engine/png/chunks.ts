// PNG chunk writing and reading: text chunks go in before the first IDAT.
import zlib from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let table: Uint32Array | undefined;
/** CRC-32 (ISO 3309) for Node releases before zlib.crc32 (20.15). */
function crc32Fallback(data: Uint8Array): number {
  table ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const b of data) crc = table[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export const crc32 = (data: Uint8Array): number =>
  typeof zlib.crc32 === 'function' ? zlib.crc32(data) >>> 0 : crc32Fallback(data);

export function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

const isLatin1 = (s: string) => /^[\u0000-\u00ff]*$/.test(s);

function checkKeyword(keyword: string): void {
  if (!/^[\x20-\x7e]{1,79}$/.test(keyword) || keyword !== keyword.trim())
    throw new Error(`invalid PNG keyword "${keyword}"`);
}

/** tEXt when the text is Latin-1 (what A1111 readers expect), else an uncompressed iTXt. */
export function textChunk(keyword: string, text: string): Buffer {
  checkKeyword(keyword);
  if (!isLatin1(text)) return itxtChunk(keyword, text);
  return chunk(
    'tEXt',
    Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0]), Buffer.from(text, 'latin1')]),
  );
}

export function itxtChunk(keyword: string, text: string): Buffer {
  checkKeyword(keyword);
  // keyword \0, compression flag 0, method 0, empty language tag \0, empty translated keyword \0, UTF-8 text
  const header = Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0, 0, 0, 0, 0])]);
  return chunk('iTXt', Buffer.concat([header, Buffer.from(text, 'utf8')]));
}

export interface PngChunk {
  type: string;
  data: Buffer;
}

export function readChunks(png: Uint8Array): PngChunk[] {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (!buf.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
  const chunks: PngChunk[] = [];
  for (let pos = 8; pos + 12 <= buf.length; ) {
    const length = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const end = pos + 12 + length;
    if (end > buf.length) throw new Error(`PNG chunk ${type} runs past the end of the file`);
    if (crc32(buf.subarray(pos + 4, pos + 8 + length)) !== buf.readUInt32BE(pos + 8 + length)) {
      throw new Error(`PNG chunk ${type} has a bad CRC`);
    }
    chunks.push({ type, data: buf.subarray(pos + 8, pos + 8 + length) });
    pos = end;
  }
  return chunks;
}

/** Insert `extra` (whole chunks) just before the first IDAT. */
export function insertBeforeIdat(png: Uint8Array, extra: Buffer[]): Buffer {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  let pos = 8;
  while (pos + 8 <= buf.length && buf.toString('latin1', pos + 4, pos + 8) !== 'IDAT')
    pos += 12 + buf.readUInt32BE(pos);
  if (pos + 8 > buf.length) throw new Error('PNG has no IDAT chunk');
  return Buffer.concat([buf.subarray(0, pos), ...extra, buf.subarray(pos)]);
}

/**
 * tEXt, zTXt and iTXt chunks as keyword → text. Compressed text is inflated to at most
 * `maxTextBytes` per chunk: a zlib bomb in a text chunk is dropped, never expanded.
 */
export function readTextChunks(
  png: Uint8Array | PngChunk[],
  maxTextBytes = 1 << 20,
): Map<string, string> {
  const out = new Map<string, string>();
  const inflate = (data: Buffer) => {
    try {
      return zlib.inflateSync(data, { maxOutputLength: maxTextBytes });
    } catch {
      return undefined;
    }
  };
  for (const { type, data } of Array.isArray(png) ? png : readChunks(png)) {
    const nul = data.indexOf(0);
    if (nul < 0) continue;
    const keyword = data.toString('latin1', 0, nul);
    if (type === 'tEXt') out.set(keyword, data.toString('latin1', nul + 1));
    if (type === 'zTXt' && data[nul + 1] === 0) {
      const text = inflate(data.subarray(nul + 2));
      if (text) out.set(keyword, text.toString('latin1'));
    }
    if (type === 'iTXt') {
      const compressed = data[nul + 1] === 1;
      const lang = data.indexOf(0, nul + 3);
      const translated = lang < 0 ? -1 : data.indexOf(0, lang + 1);
      if (translated < 0) continue;
      const body = data.subarray(translated + 1);
      const text = compressed ? inflate(body) : body;
      if (text) out.set(keyword, text.toString('utf8'));
    }
  }
  return out;
}
