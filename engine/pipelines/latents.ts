// Host-side latent helpers: per-image noise, batch repetition, guidance, preview, decoding to RGB.
import { GaussianRng } from '../rng';
import { f32 } from '../schedulers/numeric';
import type { RgbImage } from './types';

/** One generator per image: image i draws from seed + i. */
export function imageRngs(seed: number, count: number): GaussianRng[] {
  return Array.from({ length: count }, (_, i) => new GaussianRng(seed + i));
}

/** Concatenated standard normals, `perImage` values from each generator in turn. */
export function batchNoise(rngs: GaussianRng[], perImage: number): Float32Array {
  const out = new Float32Array(rngs.length * perImage);
  rngs.forEach((rng, i) => out.set(rng.normals(perImage), i * perImage));
  return out;
}

export function repeat(item: Float32Array, times: number): Float32Array {
  const out = new Float32Array(item.length * times);
  for (let i = 0; i < times; i++) out.set(item, i * item.length);
  return out;
}

/** uncond + w (cond - uncond) over a [uncond..., cond...] batch output, in float32. */
export function applyGuidance(out: Float32Array, w: number): Float32Array {
  const half = out.length / 2;
  const guided = new Float32Array(half);
  for (let i = 0; i < half; i++) {
    const u = out[i];
    guided[i] = u + f32(w * f32(out[half + i] - u));
  }
  return guided;
}

/** Latent → RGB through a 3×C matrix, one pixel per latent pixel, for step previews. */
export function latentPreview(
  latents: Float32Array,
  image: number,
  channels: number,
  h: number,
  w: number,
  m: number[],
): RgbImage {
  const plane = h * w;
  const base = image * channels * plane;
  const rgb = new Uint8Array(plane * 3);
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < 3; c++) {
      let v = 0;
      for (let k = 0; k < channels; k++) v += m[c * channels + k] * latents[base + k * plane + p];
      rgb[p * 3 + c] = Math.max(0, Math.min(255, Math.round((v / 2 + 0.5) * 255)));
    }
  }
  return { width: w, height: h, rgb };
}

/**
 * VAE output [1, 3, H, W] in [-1, 1] → 8-bit RGB: (x / 2 + 0.5) * 255 clamped and rounded half to
 * even, as diffusers' numpy_to_pil; Uint8ClampedArray does the clamping and rounding.
 */
export function decodedToRgb(data: Float32Array, height: number, width: number): RgbImage {
  const plane = height * width;
  const out = new Uint8ClampedArray(plane * 3);
  for (let c = 0; c < 3; c++) {
    const base = c * plane;
    for (let p = 0, o = c; p < plane; p++, o += 3) out[o] = data[base + p] * 127.5 + 127.5;
  }
  return { width, height, rgb: new Uint8Array(out.buffer) };
}

/** 8-bit RGB → [1, 3, H, W] in [-1, 1] for a VAE encoder. */
export function rgbToSample(img: RgbImage): Float32Array {
  const plane = img.width * img.height;
  const out = new Float32Array(plane * 3);
  for (let c = 0; c < 3; c++) {
    for (let p = 0; p < plane; p++) out[c * plane + p] = f32(img.rgb[p * 3 + c] / 255) * 2 - 1;
  }
  return out;
}

export function scale(data: Float32Array, factor: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i] * factor;
  return out;
}
