// Dominant colours and their distance to a wanted palette. The image is point-sampled on a grid of
// at most 64×64 pixels, the distinct sampled colours are clustered by k-means in CIELAB (k = 5,
// weighted by how many samples have the colour), and each cluster is reported as its mean colour
// with its share of the samples. The start is deterministic (no random seed): the most common
// colour, then repeatedly the colour with the largest count × squared distance to the nearest
// centre (the greedy form of k-means++), so an image of fewer than k colours gives exactly them.
import { z } from 'zod';
import type { RgbImage } from '../pipelines/types';
import { ciede2000, hexToRgb, type Lab, labToRgb, rgbToHex, rgbToLab } from './colour';
import { hexSchema, parse, parseImage } from './input';

export const DOMINANT_COLOURS = 5;
const SAMPLE_SIDE = 64;
const MAX_ITERATIONS = 50;

export interface DominantColour {
  hex: string;
  /** Fraction of the sampled pixels, 0..1; the shares of one image add up to 1. */
  share: number;
  lab: Lab;
}

export interface PaletteMatch {
  /** Σ share × ΔE00 from each dominant colour to the nearest palette colour. */
  deltaE: number;
  colours: Array<{ hex: string; share: number; nearest: string; deltaE: number }>;
}

export const paletteSchema = z.array(hexSchema).min(1).max(64);

export function dominantColours(image: RgbImage, count = DOMINANT_COLOURS): DominantColour[] {
  const img = parseImage(image);
  const k = parse(z.number().int().min(1).max(16), count, 'count');
  const { labs, weights, total } = sample(img);

  const centres: Lab[] = [labs[weights.indexOf(Math.max(...weights))]];
  const nearest = labs.map((l) => dist2(l, centres[0]));
  while (centres.length < k) {
    let best = -1;
    let score = 0;
    for (let i = 0; i < labs.length; i++)
      if (weights[i] * nearest[i] > score) [best, score] = [i, weights[i] * nearest[i]];
    if (best < 0) break;
    centres.push(labs[best]);
    for (let i = 0; i < labs.length; i++)
      nearest[i] = Math.min(nearest[i], dist2(labs[i], labs[best]));
  }

  let assignment = new Int32Array(labs.length).fill(-1);
  let clusters = centres.map((c) => ({ lab: c, weight: 0 }));
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const at = clusters.map((c) => c.lab);
    const next = labs.map((l) => closest(l, at));
    const changed = next.some((c, i) => c !== assignment[i]);
    assignment = Int32Array.from(next);
    clusters = clusters.map(
      (prev, c) => mean(labs, weights, assignment, c) ?? { ...prev, weight: 0 },
    );
    if (!changed) break;
  }

  return clusters
    .filter((c) => c.weight > 0)
    .map((c) => ({ hex: rgbToHex(labToRgb(c.lab)), share: c.weight / total, lab: c.lab }))
    .sort((a, b) => b.share - a.share || a.hex.localeCompare(b.hex));
}

export function paletteDistance(
  image: RgbImage,
  palette: string[],
  count = DOMINANT_COLOURS,
): PaletteMatch {
  const wanted = parse(paletteSchema, palette, 'palette').map((hex) => ({
    hex: hex.toLowerCase(),
    lab: rgbToLab(hexToRgb(hex)),
  }));
  const colours = dominantColours(image, count).map((d) => {
    const distances = wanted.map((p) => ciede2000(d.lab, p.lab));
    const i = distances.indexOf(Math.min(...distances));
    return { hex: d.hex, share: d.share, nearest: wanted[i].hex, deltaE: distances[i] };
  });
  return { deltaE: colours.reduce((s, c) => s + c.share * c.deltaE, 0), colours };
}

/** The distinct colours on the sampling grid, in a fixed order, with how often each was sampled. */
function sample(img: RgbImage) {
  const cols = Math.min(img.width, SAMPLE_SIDE);
  const rows = Math.min(img.height, SAMPLE_SIDE);
  const counts = new Map<number, number>();
  for (let j = 0; j < rows; j++) {
    const y = Math.floor(((j + 0.5) * img.height) / rows);
    for (let i = 0; i < cols; i++) {
      const p = (y * img.width + Math.floor(((i + 0.5) * img.width) / cols)) * 3;
      const key = (img.rgb[p] << 16) | (img.rgb[p + 1] << 8) | img.rgb[p + 2];
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const keys = [...counts.keys()].sort((a, b) => a - b);
  return {
    labs: keys.map((key) => rgbToLab([key >> 16, (key >> 8) & 255, key & 255])),
    weights: keys.map((key) => counts.get(key) ?? 0),
    total: rows * cols,
  };
}

const dist2 = (a: Lab, b: Lab) => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2;

function closest(lab: Lab, centres: Lab[]): number {
  let best = 0;
  for (let c = 1; c < centres.length; c++)
    if (dist2(lab, centres[c]) < dist2(lab, centres[best])) best = c;
  return best;
}

function mean(labs: Lab[], weights: number[], assignment: Int32Array, cluster: number) {
  const sum: Lab = [0, 0, 0];
  let weight = 0;
  for (let i = 0; i < labs.length; i++) {
    if (assignment[i] !== cluster) continue;
    for (let d = 0; d < 3; d++) sum[d] += labs[i][d] * weights[i];
    weight += weights[i];
  }
  // An emptied cluster keeps its centre (and drops out of the result at weight 0).
  return weight ? { lab: sum.map((s) => s / weight) as Lab, weight } : undefined;
}
