import sharp from 'sharp';
import type { RgbImage } from '../../engine/pipelines/types';

/** Previews per render at most: enough to watch the image form, few enough to stream. */
const PREVIEWS_PER_RENDER = 8;

/** The engine's `previewEvery` for a render of `steps` steps. */
export const previewEvery = (steps: number) => Math.max(1, Math.ceil(steps / PREVIEWS_PER_RENDER));

/** Side of the box a preview fits in, in pixels: the latent grid of a 512² image. */
const PREVIEW_PX = 64;

/**
 * A latent preview (one pixel per latent pixel) as a data URL small enough to ride in every
 * progress update and jobs row: at most 64 px a side, WebP at low quality. sharp encodes off the
 * event loop.
 */
export async function previewDataUrl(image: RgbImage): Promise<string> {
  const webp = await sharp(image.rgb, {
    raw: { width: image.width, height: image.height, channels: 3 },
  })
    .resize(PREVIEW_PX, PREVIEW_PX, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 50 })
    .toBuffer();
  return `data:image/webp;base64,${webp.toString('base64')}`;
}
