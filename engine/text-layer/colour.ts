// The text's colour, chosen for WCAG 2 contrast against what is under it. A backdrop is rarely
// flat, so a colour is judged against the darker and lighter ends of the backdrop's luminances
// (percentiles, so that a few stray pixels do not decide); a colour between them counts as 1:1.
import { type Rgb } from '../metrics/colour';
import type { Box } from './layout';

export type { Rgb };

const LINEAR = Float64Array.from({ length: 256 }, (_, i) => {
  const c = i / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});

/** WCAG 2 relative luminance of an 8-bit sRGB colour. */
export const luminance = (r: number, g: number, b: number) =>
  0.2126 * LINEAR[r] + 0.7152 * LINEAR[g] + 0.0722 * LINEAR[b];

export function contrastRatio(a: number, b: number): number {
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

export interface Backdrop {
  /** Sampled RGB triplets from under the text. */
  samples: Uint8Array;
}

export interface LuminanceRange {
  low: number;
  high: number;
}

const MAX_SAMPLES = 65_536;
const LOW_PERCENTILE = 0.05;
const HIGH_PERCENTILE = 0.95;

export function sampleBackdrop(
  image: { width: number; rgb: Uint8Array },
  [x0, y0, w, h]: Box,
): Backdrop {
  const step = Math.max(1, Math.ceil(Math.sqrt((w * h) / MAX_SAMPLES)));
  const out: number[] = [];
  for (let y = y0; y < y0 + h; y += step) {
    for (let x = x0; x < x0 + w; x += step) {
      const i = (y * image.width + x) * 3;
      out.push(image.rgb[i], image.rgb[i + 1], image.rgb[i + 2]);
    }
  }
  return { samples: Uint8Array.from(out) };
}

/** The backdrop's luminance range, seen through a plate of this colour and opacity if given. */
export function luminanceRange(
  backdrop: Backdrop,
  plate?: { rgb: Rgb; opacity: number },
): LuminanceRange {
  const s = backdrop.samples;
  const values = new Float64Array(s.length / 3);
  const a = plate?.opacity ?? 0;
  const p = plate?.rgb ?? [0, 0, 0];
  const mix = (c: number, pc: number) => Math.round(pc * a + c * (1 - a));
  for (let i = 0; i < values.length; i++) {
    values[i] = luminance(mix(s[i * 3], p[0]), mix(s[i * 3 + 1], p[1]), mix(s[i * 3 + 2], p[2]));
  }
  values.sort();
  const at = (q: number) => values[Math.min(values.length - 1, Math.floor(q * values.length))];
  return { low: at(LOW_PERCENTILE), high: at(HIGH_PERCENTILE) };
}

/** The contrast of a colour against the worse end of a backdrop's range. */
export function worstContrast(rgb: Rgb, range: LuminanceRange): number {
  const l = luminance(...rgb);
  if (l >= range.high) return contrastRatio(l, range.high);
  if (l <= range.low) return contrastRatio(l, range.low);
  return 1;
}

export const WHITE = '#ffffff';
export const BLACK = '#000000';
