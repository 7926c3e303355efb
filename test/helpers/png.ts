// PNG fixtures: real images drawn with sharp, text chunks added with the engine's chunk writer, and
// hand-made hostile ones (absurd IHDR, bad CRC, cut-off IDAT).
import sharp from 'sharp';
import { chunk, insertBeforeIdat, itxtChunk, readChunks, textChunk } from '../../engine/png/chunks';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Vertical stripes of the given colours and widths (share of the width), `size`×`size` pixels. */
export async function stripesPng(
  stripes: Array<{ rgb: [number, number, number]; share: number }>,
  size = 120,
  text: Record<string, string> = {},
): Promise<Buffer> {
  const rgb = Buffer.alloc(size * size * 3);
  const edges: number[] = [];
  let acc = 0;
  for (const s of stripes) edges.push(Math.round((acc += s.share) * size));
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const s = stripes[edges.findIndex((e) => x < e)] ?? stripes[stripes.length - 1];
      rgb.set(s.rgb, (y * size + x) * 3);
    }
  }
  const png = await sharp(rgb, { raw: { width: size, height: size, channels: 3 } })
    .png()
    .toBuffer();
  const extra = Object.entries(text).map(([k, v]) =>
    k === 'atelier' ? itxtChunk(k, v) : textChunk(k, v),
  );
  return extra.length ? insertBeforeIdat(png, extra) : png;
}

/** A structurally valid PNG whose IHDR claims `width`×`height` (nothing else is real). */
export function headerOnlyPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Where the data of `png`'s first chunk of `type` starts, and its length. */
function firstChunk(png: Buffer, type: string): { at: number; length: number } {
  let pos = 8;
  for (const c of readChunks(png)) {
    if (c.type === type) return { at: pos + 8, length: c.data.length };
    pos += 12 + c.data.length;
  }
  throw new Error(`no ${type} chunk`);
}

/** `png` with one byte of its first chunk of `type` flipped (the CRC no longer matches). */
export function corruptChunk(png: Buffer, type: string): Buffer {
  const out = Buffer.from(png);
  out[firstChunk(png, type).at] ^= 0xff;
  return out;
}

/** `png` cut in the middle of its first IDAT chunk. */
export function truncateInIdat(png: Buffer): Buffer {
  const { at, length } = firstChunk(png, 'IDAT');
  return png.subarray(0, at + Math.floor(length / 2));
}

/** `png` with one byte in the middle of its first IDAT chunk's data flipped: its pixels changed. */
export function flipInIdat(png: Buffer): Buffer {
  const out = Buffer.from(png);
  const { at, length } = firstChunk(png, 'IDAT');
  out[at + Math.floor(length / 2)] ^= 0x01;
  return out;
}
