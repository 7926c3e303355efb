// Previews for the references panel: a PNG scaled down, or a PDF's first page drawn small.
import sharp from 'sharp';
import type { IngestLimits } from './limits';
import { renderPdfPage } from './pdf-page';

export async function thumbnail(
  of: 'png' | 'pdf',
  path: string,
  size: number,
  limits: IngestLimits,
): Promise<Uint8Array> {
  if (of === 'pdf') return renderPdfPage(path, 1, size, limits);
  const png = await sharp(path, { limitInputPixels: limits.pngMaxPixels })
    .resize({ width: size, height: size, fit: 'inside', withoutEnlargement: true })
    .png()
    .toBuffer();
  return new Uint8Array(png);
}
