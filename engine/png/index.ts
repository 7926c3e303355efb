// 8-bit sRGB PNG: sharp writes the pixels, then the metadata chunks go in before IDAT.
import sharp from 'sharp';
import type { RgbImage } from '../pipelines/types';
import { chunk, insertBeforeIdat, itxtChunk, textChunk } from './chunks';
import { a1111Parameters, type ImageMetadata, metadataJson } from './metadata';

export { readChunks, readTextChunks } from './chunks';
export {
  a1111Parameters,
  type ImageMetadata,
  metadataJson,
  nonFiniteAsString,
  readMetadataJson,
} from './metadata';

sharp.cache(false);

/** The software that decides a PNG's bytes, as loaded in the process that encodes it. */
export interface EncoderVersions {
  node: string;
  /** Node's zlib: the CRC-32 of the metadata chunks. */
  zlib: string;
  sharp: string;
  libvips: string;
  libpng: string | null;
  /** sharp's zlib-ng: the compressed pixel data. */
  zlibNg: string | null;
  platform: string;
  arch: string;
}

export function encoderVersions(): EncoderVersions {
  const v = sharp.versions;
  return {
    node: process.versions.node,
    zlib: process.versions.zlib,
    sharp: v.sharp,
    libvips: v.vips,
    libpng: v.png ?? null,
    zlibNg: v['zlib-ng'] ?? null,
    platform: process.platform,
    arch: process.arch,
  };
}

export async function encodePng(image: RgbImage, metadata: ImageMetadata): Promise<Buffer> {
  const pixels = await sharp(
    Buffer.from(image.rgb.buffer, image.rgb.byteOffset, image.rgb.byteLength),
    {
      raw: { width: image.width, height: image.height, channels: 3 },
    },
  )
    .png({ compressionLevel: 3, adaptiveFiltering: true, palette: false })
    .toBuffer();
  return insertBeforeIdat(pixels, [
    chunk('sRGB', Uint8Array.of(0)), // perceptual rendering intent
    textChunk('parameters', a1111Parameters(metadata)),
    itxtChunk('atelier', metadataJson(metadata)),
  ]);
}
