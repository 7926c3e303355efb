// Runs an upscaler over an image of any size, tile by tile (engine/upscale/tiles.ts): each tile's
// kept core is copied into the result and its context discarded, so no seam is blended. With at
// least the model's receptive radius of overlap, the result is the whole-image result.
import { EngineError, invalid } from '../errors';
import type { RgbImage } from '../pipelines/types';
import { spans } from './tiles';

/** Planar RGB, [3, height, width] in 0..1. */
export interface PlanarImage {
  width: number;
  height: number;
  data: Float32Array;
}

/** What the runner needs of a model; engine/upscale/model.ts opens ONNX files as one. */
export interface TileModel {
  /** Output pixels per input pixel along each axis. */
  readonly scale: number;
  /** The only input size the model accepts, when its input shape is fixed. */
  readonly fixedSize?: { height: number; width: number };
  /** [1, 3, height, width] in 0..1 → [1, 3, scale·height, scale·width]. */
  run(tile: Float32Array, height: number, width: number): Promise<Float32Array>;
}

export interface UpscaleOptions {
  /** Window size in input pixels (the fixed size of a fixed-size model wins). */
  tile?: number;
  /** Context around each tile's core, in input pixels: at least the model's receptive radius
   * makes the result the whole-image result. */
  overlap?: number;
  /** Largest output, in pixels. */
  maxOutputPixels?: number;
  /** Cancellation from another thread: a non-zero element 0 stops between tiles. */
  cancelFlag?: Int32Array;
  signal?: AbortSignal;
  onTile?: (done: number, total: number) => void;
}

export interface UpscaleResult extends PlanarImage {
  scale: number;
  tiles: number;
  /** Milliseconds of each model call. */
  tileMs: number[];
  totalMs: number;
}

export const DEFAULT_TILE = 128;
export const DEFAULT_OVERLAP = 16;
const DEFAULT_MAX_OUTPUT_PIXELS = 1 << 26;

export function rgbToPlanar(img: RgbImage): PlanarImage {
  const plane = img.width * img.height;
  if (img.rgb.length !== plane * 3)
    throw invalid(`image is ${img.width}×${img.height} but holds ${img.rgb.length} bytes`);
  const data = new Float32Array(plane * 3);
  for (let c = 0; c < 3; c++)
    for (let p = 0, i = c; p < plane; p++, i += 3) data[c * plane + p] = img.rgb[i] / 255;
  return { width: img.width, height: img.height, data };
}

/** 0..1 planar → 8-bit RGB, rounded half to even and clamped (Uint8ClampedArray). */
export function planarToRgb(img: PlanarImage): RgbImage {
  const plane = img.width * img.height;
  const out = new Uint8ClampedArray(plane * 3);
  for (let c = 0; c < 3; c++)
    for (let p = 0, o = c; p < plane; p++, o += 3) out[o] = img.data[c * plane + p] * 255;
  return { width: img.width, height: img.height, rgb: new Uint8Array(out.buffer) };
}

/** The window [x0, x0 + w) × [y0, y0 + h) as [3, outH, outW], edge pixels repeated past w and h. */
function crop(
  img: PlanarImage,
  x0: number,
  y0: number,
  w: number,
  h: number,
  outW: number,
  outH: number,
): Float32Array {
  const out = new Float32Array(3 * outW * outH);
  const plane = img.width * img.height;
  for (let c = 0; c < 3; c++)
    for (let y = 0; y < outH; y++) {
      const row = c * plane + (y0 + Math.min(y, h - 1)) * img.width + x0;
      const to = (c * outH + y) * outW;
      out.set(img.data.subarray(row, row + w), to);
      for (let x = w; x < outW; x++) out[to + x] = out[to + w - 1];
    }
  return out;
}

function cancelled(opts: UpscaleOptions): boolean {
  return !!(opts.signal?.aborted || (opts.cancelFlag && Atomics.load(opts.cancelFlag, 0) !== 0));
}

export async function upscaleImage(
  model: TileModel,
  image: RgbImage | PlanarImage,
  opts: UpscaleOptions = {},
): Promise<UpscaleResult> {
  const started = performance.now();
  const src = 'rgb' in image ? rgbToPlanar(image) : image;
  const { width, height, data } = src;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw invalid(`image size must be positive integers, not ${width}×${height}`);
  if (data.length !== 3 * width * height)
    throw invalid(`image is ${width}×${height} but holds ${data.length} values, not 3 per pixel`);
  const s = model.scale;
  const outW = width * s;
  const outH = height * s;
  const maxPixels = opts.maxOutputPixels ?? DEFAULT_MAX_OUTPUT_PIXELS;
  if (outW * outH > maxPixels)
    throw invalid(`a ${outW}×${outH} result is larger than the ${maxPixels}-pixel limit`);
  const fixed = model.fixedSize;
  const tileW = fixed?.width ?? opts.tile ?? DEFAULT_TILE;
  const tileH = fixed?.height ?? opts.tile ?? DEFAULT_TILE;
  // The default overlap shrinks to fit small tiles; an explicit one is checked as given.
  const overlap = opts.overlap ?? Math.min(DEFAULT_OVERLAP, (Math.min(tileW, tileH) - 1) >> 1);
  const xs = spans(width, tileW, overlap);
  const ys = spans(height, tileH, overlap);
  const total = xs.length * ys.length;
  const out = new Float32Array(3 * outW * outH);
  const tileMs: number[] = [];
  for (const y of ys)
    for (const x of xs) {
      if (cancelled(opts)) throw new EngineError('cancelled', 'upscale cancelled');
      const w = x.end - x.start;
      const h = y.end - y.start;
      const runW = fixed ? fixed.width : w;
      const runH = fixed ? fixed.height : h;
      const t0 = performance.now();
      const result = await model.run(crop(src, x.start, y.start, w, h, runW, runH), runH, runW);
      tileMs.push(performance.now() - t0);
      const rw = runW * s;
      const rh = runH * s;
      if (result.length !== 3 * rw * rh)
        throw new EngineError(
          'runtime_failure',
          `the upscaler returned ${result.length} values for a ${runW}×${runH} tile, not 3×${rw}×${rh}`,
        );
      const dx = (x.keepStart - x.start) * s;
      const dy = (y.keepStart - y.start) * s;
      const keepW = (x.keepEnd - x.keepStart) * s;
      const keepH = (y.keepEnd - y.keepStart) * s;
      for (let c = 0; c < 3; c++)
        for (let r = 0; r < keepH; r++) {
          const from = (c * rh + dy + r) * rw + dx;
          const to = (c * outH + y.keepStart * s + r) * outW + x.keepStart * s;
          for (let i = 0; i < keepW; i++) out[to + i] = Math.min(1, Math.max(0, result[from + i]));
        }
      opts.onTile?.(tileMs.length, total);
    }
  return {
    width: outW,
    height: outH,
    data: out,
    scale: s,
    tiles: total,
    tileMs,
    totalMs: performance.now() - started,
  };
}
