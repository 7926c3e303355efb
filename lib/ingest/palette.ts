// Dominant colours of an image: pixels binned at 4 bits per channel, the heaviest bins merged into
// clusters by distance, each cluster reported as its weighted mean with its share of the image.
import type { Swatch } from './types';

const MERGE_DISTANCE = 56;
const MAX_SWATCHES = 6;
const MIN_SHARE = 0.02;

// Names a prompt can use for a colour (nearest by RGB distance).
const NAMES: Array<[string, number, number, number]> = [
  ['black', 0, 0, 0],
  ['charcoal', 54, 69, 79],
  ['grey', 128, 128, 128],
  ['silver', 192, 192, 192],
  ['white', 255, 255, 255],
  ['cream', 255, 250, 220],
  ['beige', 225, 205, 170],
  ['brown', 120, 72, 40],
  ['tan', 210, 180, 140],
  ['red', 220, 30, 40],
  ['crimson', 160, 20, 50],
  ['maroon', 110, 20, 30],
  ['coral', 255, 127, 80],
  ['salmon', 250, 128, 114],
  ['orange', 245, 140, 20],
  ['gold', 230, 180, 30],
  ['yellow', 250, 225, 40],
  ['olive', 128, 128, 0],
  ['lime', 160, 220, 40],
  ['green', 40, 160, 60],
  ['forest green', 34, 100, 40],
  ['mint', 160, 230, 190],
  ['teal', 0, 128, 128],
  ['turquoise', 64, 210, 200],
  ['cyan', 40, 210, 240],
  ['sky blue', 120, 190, 235],
  ['blue', 30, 80, 220],
  ['navy', 20, 30, 90],
  ['indigo', 75, 0, 130],
  ['purple', 130, 50, 160],
  ['violet', 170, 120, 220],
  ['lavender', 210, 190, 240],
  ['magenta', 220, 40, 180],
  ['pink', 245, 160, 190],
  ['hot pink', 255, 80, 160],
];

const dist2 = (a: number[], b: number[]) =>
  (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2;
const hex = (rgb: number[]) =>
  `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

export function colourName(rgb: number[]): string {
  let best = NAMES[0];
  for (const n of NAMES)
    if (dist2(rgb, n.slice(1) as number[]) < dist2(rgb, best.slice(1) as number[])) best = n;
  return best[0];
}

/** `rgba`: interleaved 8-bit RGBA pixels; transparent pixels count for their opacity only. */
export function dominantPalette(rgba: Uint8Array): Swatch[] {
  const weight = new Float64Array(4096);
  const sums = new Float64Array(4096 * 3);
  let total = 0;
  for (let i = 0; i + 3 < rgba.length; i += 4) {
    const a = rgba[i + 3] / 255;
    if (a < 0.06) continue;
    const bin = ((rgba[i] >> 4) << 8) | ((rgba[i + 1] >> 4) << 4) | (rgba[i + 2] >> 4);
    weight[bin] += a;
    sums[bin * 3] += rgba[i] * a;
    sums[bin * 3 + 1] += rgba[i + 1] * a;
    sums[bin * 3 + 2] += rgba[i + 2] * a;
    total += a;
  }
  if (total === 0) return [];
  const bins = [...weight.keys()]
    .filter((b) => weight[b] > 0)
    .sort((x, y) => weight[y] - weight[x] || x - y);
  const clusters: Array<{ rgb: number[]; w: number }> = [];
  for (const b of bins) {
    const rgb = [sums[b * 3] / weight[b], sums[b * 3 + 1] / weight[b], sums[b * 3 + 2] / weight[b]];
    const near = clusters.find((c) => dist2(c.rgb, rgb) < MERGE_DISTANCE ** 2);
    if (near) {
      const w = near.w + weight[b];
      near.rgb = near.rgb.map((c, k) => (c * near.w + rgb[k] * weight[b]) / w);
      near.w = w;
    } else if (clusters.length < 32) clusters.push({ rgb, w: weight[b] });
  }
  return clusters
    .sort((x, y) => y.w - x.w)
    .filter((c) => c.w / total >= MIN_SHARE)
    .slice(0, MAX_SWATCHES)
    .map((c) => ({
      hex: hex(c.rgb),
      share: Math.round((c.w / total) * 1000) / 1000,
      name: colourName(c.rgb),
    }));
}
