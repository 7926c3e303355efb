// Sharpness as the variance of the Laplacian: the 4-neighbour kernel [0 1 0; 1 -4 1; 0 1 0] over
// the luma of each pixel whose four neighbours lie inside the image (or region), population
// variance, on the 0..255 scale. Luma is Rec. 601 (0.299 R + 0.587 G + 0.114 B), as OpenCV's
// grey conversion, so the numbers compare with the usual cv2.Laplacian(...).var() recipe.
import { invalid } from '../errors';
import type { RgbImage } from '../pipelines/types';
import { checkRegion, parseImage, type Region } from './input';

export interface SharpnessResult {
  laplacianVariance: number;
  region?: Region & { laplacianVariance: number };
}

export function sharpness(image: RgbImage, options: { region?: Region } = {}): SharpnessResult {
  const img = parseImage(image);
  const whole = { x: 0, y: 0, width: img.width, height: img.height };
  const result: SharpnessResult = { laplacianVariance: laplacianVariance(img, whole) };
  if (options.region) {
    const r = checkRegion(img, options.region);
    result.region = { ...r, laplacianVariance: laplacianVariance(img, r) };
  }
  return result;
}

/** The Laplacian variance of a rectangle of a valid image, as if it were cropped out. */
export function laplacianVariance(image: RgbImage, r: Region): number {
  const { width: w, height: h } = r;
  if (w < 3 || h < 3) throw invalid(`sharpness needs at least 3×3 pixels, not ${w}×${h}`);
  // Luma times 1000 in integers, so sums of neighbours are exact; scaled back at the end.
  const luma = new Int32Array(w * h);
  for (let y = 0; y < h; y++) {
    let src = ((r.y + y) * image.width + r.x) * 3;
    for (let x = 0; x < w; x++, src += 3)
      luma[y * w + x] = 299 * image.rgb[src] + 587 * image.rgb[src + 1] + 114 * image.rgb[src + 2];
  }
  const at = (x: number, y: number) => {
    const i = y * w + x;
    return luma[i - 1] + luma[i + 1] + luma[i - w] + luma[i + w] - 4 * luma[i];
  };
  // Two passes (mean, then squared deviations): one-pass sums of squares lose digits on big images.
  let sum = 0;
  for (let y = 1; y < h - 1; y++) for (let x = 1; x < w - 1; x++) sum += at(x, y);
  const n = (w - 2) * (h - 2);
  const mean = sum / n;
  let squares = 0;
  for (let y = 1; y < h - 1; y++) for (let x = 1; x < w - 1; x++) squares += (at(x, y) - mean) ** 2;
  return squares / n / 1e6;
}
