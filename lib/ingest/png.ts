// PNG: structure checked chunk by chunk (CRCs, IHDR dimensions before any pixel is decoded), then a
// small decode for the palette, and the text chunks read into a generation recipe.
import fs from 'node:fs/promises';
import sharp from 'sharp';
import { firstLine } from '../../engine/errors';
import { type PngChunk, readChunks, readTextChunks } from '../../engine/png/chunks';
import { AppError } from '../errors';
import type { IngestLimits } from './limits';
import { ocrImage } from './ocr';
import { dominantPalette } from './palette';
import { recipeFrom } from './png-recipe';
import type { ParseResult, PassageSink, PngSummary } from './types';

sharp.cache(false);

const COLOR_TYPES: Record<number, string> = {
  0: 'greyscale',
  2: 'rgb',
  3: 'indexed',
  4: 'greyscale+alpha',
  6: 'rgba',
};
const MAX_TEXT_ENTRIES = 20;
const refuse = (message: string) => new AppError('bad_request', message);
const n = (v: number) => v.toLocaleString('en');

type Header = {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
};

/** IHDR is the first chunk and has a fixed layout, so it is checked before anything else is read. */
export function readHeader(buf: Buffer, limits: IngestLimits): Header {
  if (buf.length < 33 || buf.readUInt32BE(8) !== 13 || buf.toString('latin1', 12, 16) !== 'IHDR') {
    throw refuse('the PNG is damaged: it does not start with an image header (IHDR)');
  }
  const h = {
    width: buf.readUInt32BE(16),
    height: buf.readUInt32BE(20),
    bitDepth: buf[24],
    colorType: buf[25],
    interlaced: buf[28] === 1,
  };
  if (h.width === 0 || h.height === 0)
    throw refuse('the PNG declares an empty image (0 pixels wide or high)');
  if (
    h.width > limits.pngMaxSide ||
    h.height > limits.pngMaxSide ||
    h.width * h.height > limits.pngMaxPixels
  ) {
    throw refuse(
      `the PNG declares ${n(h.width)}×${n(h.height)} pixels; images may be at most ${n(limits.pngMaxSide)} pixels on a side and ${n(limits.pngMaxPixels)} pixels in all`,
    );
  }
  if (!(h.colorType in COLOR_TYPES))
    throw refuse(`the PNG declares an unknown colour type (${h.colorType})`);
  return h;
}

function checkChunks(buf: Buffer): PngChunk[] {
  let chunks: PngChunk[];
  try {
    chunks = readChunks(buf);
  } catch (err) {
    const m = /PNG chunk (\S+) (runs past the end|has a bad CRC)/.exec((err as Error).message);
    if (m?.[2] === 'has a bad CRC')
      throw refuse(`the PNG is damaged: its ${m[1]} chunk fails its CRC check`);
    if (m) throw refuse(`the PNG is truncated: its ${m[1]} chunk runs past the end of the file`);
    throw refuse('the PNG is damaged and cannot be read');
  }
  if (!chunks.some((c) => c.type === 'IDAT')) throw refuse('the PNG has no image data (IDAT)');
  if (chunks.at(-1)?.type !== 'IEND')
    throw refuse('the PNG is truncated: it does not end with an IEND chunk');
  return chunks;
}

async function paletteOf(buf: Buffer, limits: IngestLimits) {
  try {
    const { data } = await sharp(buf, { limitInputPixels: limits.pngMaxPixels, failOn: 'error' })
      .resize(64, 64, { fit: 'inside', kernel: 'nearest' })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return dominantPalette(data);
  } catch {
    throw refuse("the PNG's image data is damaged and cannot be decoded");
  }
}

const printable = (s: string, max: number) =>
  s.replace(/[\p{Cc}]/gu, (c) => (c === '\n' || c === '\t' ? c : ' ')).slice(0, max);

export async function parsePng(
  path: string,
  limits: IngestLimits,
  emit: PassageSink,
): Promise<ParseResult> {
  const buf = await fs.readFile(path);
  const header = readHeader(buf, limits);
  const chunks = checkChunks(buf);
  const palette = await paletteOf(buf, limits);
  const texts = readTextChunks(chunks);
  const notes: string[] = [];
  // Text in the picture is a bonus: a failure to read it is a note, never a refusal.
  const ocr = await ocrImage(path, header).catch((err: Error) => {
    notes.push(`the text in the image could not be read (${firstLine(err, 120)})`);
    return [];
  });
  const text: Record<string, string> = {};
  for (const [k, v] of [...texts].slice(0, MAX_TEXT_ENTRIES))
    text[printable(k, 79)] = printable(v, 2000);
  const summary: PngSummary = {
    kind: 'png',
    width: header.width,
    height: header.height,
    bitDepth: header.bitDepth,
    colorType: COLOR_TYPES[header.colorType],
    interlaced: header.interlaced,
    palette,
    text,
    recipe: recipeFrom(texts),
    ocr,
  };
  const source = [
    `${header.width}×${header.height} PNG image.`,
    palette.length
      ? `Palette: ${palette.map((s) => `${s.name} ${s.hex} (${Math.round(s.share * 100)}%)`).join(', ')}.`
      : '',
    summary.recipe ? `Prompt: ${summary.recipe.prompt}` : '',
    ocr.length ? `Text in the image: ${ocr.map((l) => l.text).join(' / ')}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  if (texts.size > MAX_TEXT_ENTRIES)
    notes.push(`only the first ${MAX_TEXT_ENTRIES} of ${texts.size} text chunks are kept`);
  emit([{ heading: 'image', text: source, charStart: 0, charEnd: source.length }], true);
  return { summary, notes, rowIndex: null };
}
