// Pixel operations the HD stages need: Lanczos resampling (sharp, libvips' lanczos3) and crops.
import sharp from 'sharp';
import type { RgbImage } from './types';

export async function resizeRgb(image: RgbImage, width: number, height: number): Promise<RgbImage> {
  if (image.width === width && image.height === height) return image;
  const rgb = await sharp(
    Buffer.from(image.rgb.buffer, image.rgb.byteOffset, image.rgb.byteLength),
    {
      raw: { width: image.width, height: image.height, channels: 3 },
    },
  )
    .resize(width, height, { kernel: 'lanczos3', fit: 'fill' })
    .raw()
    .toBuffer();
  return { width, height, rgb: new Uint8Array(rgb.buffer, rgb.byteOffset, rgb.byteLength) };
}

/** The part of `image` inside [x, y, width, height], clamped to the image. */
export function cropRgb(image: RgbImage, [x, y, w, h]: [number, number, number, number]): RgbImage {
  const x0 = Math.max(0, Math.floor(x));
  const y0 = Math.max(0, Math.floor(y));
  const x1 = Math.min(image.width, Math.ceil(x + w));
  const y1 = Math.min(image.height, Math.ceil(y + h));
  const width = Math.max(1, x1 - x0);
  const height = Math.max(1, y1 - y0);
  const rgb = new Uint8Array(width * height * 3);
  for (let row = 0; row < height; row++) {
    const from = ((y0 + row) * image.width + x0) * 3;
    rgb.set(image.rgb.subarray(from, from + width * 3), row * width * 3);
  }
  return { width, height, rgb };
}
