// Shared set-up for engine tests: built-in model variants in a temporary folder, loaded models,
// run contexts and small image checks.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BuiltinVariant, writeBuiltinModel } from '../../../../engine/models/builtin/build';
import { defaultsFor } from '../../../../engine/models/family';
import { readModelFolder } from '../../../../engine/models/model-folder';
import type { RunContext } from '../../../../engine/pipelines/diffusion';
import { type LoadedModel, loadModel } from '../../../../engine/pipelines/loaded-model';
import {
  emptyTimings,
  type GenerationRequest,
  type RgbImage,
} from '../../../../engine/pipelines/types';
import { resolveRequest } from '../../../../engine/pipelines/validate';
import { SessionCache } from '../../../../engine/runtime/sessions';

export async function tempDir(
  prefix: string,
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Write a variant of the built-in model under `root`, named after the variant. */
export async function variantFolder(root: string, variant: BuiltinVariant = {}): Promise<string> {
  const name = [
    'builtin',
    variant.prediction,
    variant.precision,
    variant.timestep,
    variant.externalData && 'ext',
  ]
    .filter(Boolean)
    .join('-');
  const dir = path.join(root, name);
  await writeBuiltinModel(dir, variant);
  return dir;
}

export async function openModel(dir: string, cache = new SessionCache()): Promise<LoadedModel> {
  return loadModel(await readModelFolder(dir, path.basename(dir)), {}, cache);
}

export function context(model: LoadedModel, request: GenerationRequest): RunContext {
  const folder = model.folder;
  const req = resolveRequest(
    request,
    defaultsFor(model.family, folder.index, folder.schedulerConfig),
  );
  return { model, req, hooks: {}, timings: emptyTimings() };
}

/** Mean RGB over a square of `size` pixels centred at (cx, cy). */
export function meanRgb(
  img: RgbImage,
  cx: number,
  cy: number,
  size: number,
): [number, number, number] {
  const sum = [0, 0, 0];
  let n = 0;
  for (let y = Math.round(cy - size / 2); y < Math.round(cy + size / 2); y++) {
    for (let x = Math.round(cx - size / 2); x < Math.round(cx + size / 2); x++) {
      for (let c = 0; c < 3; c++) sum[c] += img.rgb[(y * img.width + x) * 3 + c];
      n++;
    }
  }
  return sum.map((s) => s / n) as [number, number, number];
}

/** A red centre and blue corners. */
export function redCentreBlueCorners(img: RgbImage): boolean {
  const { width: w, height: h } = img;
  const s = Math.max(4, Math.round(w / 8));
  const [r, g, b] = meanRgb(img, w / 2, h / 2, s);
  const centreRed = r > 150 && g < 90 && b < 90;
  const corners = [
    [s / 2, s / 2],
    [w - s / 2, s / 2],
    [s / 2, h - s / 2],
    [w - s / 2, h - s / 2],
  ].map(([x, y]) => meanRgb(img, x, y, s));
  return centreRed && corners.every(([cr, cg, cb]) => cb > 150 && cr < 90 && cg < 110);
}
