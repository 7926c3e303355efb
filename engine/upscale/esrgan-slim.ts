// The ESRGAN "slim" upscalers of @upscalerjs/esrgan-slim (TF.js layers models), converted to ONNX
// on first use under <modelsDir>/upscalers/esrgan-slim-x<scale>/: model.onnx and upscaler.json,
// which records the sha256 of the source files and of the model. A folder whose record no longer
// matches the installed package, this converter or its model.onnx is converted again.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from 'zod';
import { EngineError, firstLine, invalid } from '../errors';
import { sha256, sha256File } from '../models/hash';
import { writeFolderAtomic } from '../models/write-folder';
import { convertLayersModel } from './convert';
import { parseLayersModel } from './tfjs-layers';
import { readWeights } from './tfjs-weights';

export const ESRGAN_SLIM_PACKAGE = '@upscalerjs/esrgan-slim';
export const ESRGAN_SLIM_SCALES = [2, 3, 4, 8] as const;
/** Bump when the converter's output for the same source changes on purpose. */
export const CONVERTER_VERSION = 1;
export const UPSCALERS_DIR = 'upscalers';
const MANIFEST = 'upscaler.json';
const MODEL = 'model.onnx';

const sha = z.string().regex(/^[0-9a-f]{64}$/);
const manifestSchema = z.object({
  id: z.string(),
  label: z.string(),
  converter: z.number().int(),
  source: z.object({
    package: z.string(),
    version: z.string(),
    folder: z.string(),
    files: z.record(z.string(), sha),
  }),
  scale: z.number().int().positive(),
  receptiveRadius: z.number().int().nonnegative(),
  io: z.object({ input: z.string(), output: z.string() }),
  files: z.object({ [MODEL]: sha }),
});
export type UpscalerManifest = z.infer<typeof manifestSchema>;

export interface InstalledUpscaler {
  id: string;
  dir: string;
  /** model.onnx */
  file: string;
  manifest: UpscalerManifest;
  /** Whether this call converted the model (false: the folder on disk was current). */
  converted: boolean;
}

interface Source {
  id: string;
  scale: number;
  version: string;
  folder: string;
  modelJson: Uint8Array;
  shards: Map<string, Uint8Array>;
}

/** The installed package's folder. */
export function esrganSlimPackageDir(): string {
  const require = createRequire(import.meta.url);
  for (const base of require.resolve.paths(ESRGAN_SLIM_PACKAGE) ?? []) {
    const dir = path.join(base, ESRGAN_SLIM_PACKAGE);
    if (existsSync(path.join(dir, 'package.json'))) return dir;
  }
  throw new EngineError('model_missing_file', `${ESRGAN_SLIM_PACKAGE} is not installed`);
}

async function readSource(scale: number, packageDir: string): Promise<Source> {
  if (!(ESRGAN_SLIM_SCALES as readonly number[]).includes(scale))
    throw invalid(`ESRGAN slim upscales by ${ESRGAN_SLIM_SCALES.join(', ')}, not ${scale}`);
  const folder = `models/x${scale}`;
  const label = `${ESRGAN_SLIM_PACKAGE}/${folder}`;
  const read = (rel: string) =>
    readFile(path.join(packageDir, folder, rel)).catch(() => {
      throw new EngineError('model_missing_file', `${label}/${rel} is missing`);
    });
  const pkgJson = await readFile(path.join(packageDir, 'package.json')).catch(() => {
    throw new EngineError('model_missing_file', `${ESRGAN_SLIM_PACKAGE}/package.json is missing`);
  });
  const pkg = z
    .object({ version: z.string() })
    .safeParse(parseJson(`${ESRGAN_SLIM_PACKAGE}/package.json`, pkgJson));
  if (!pkg.success) throw new EngineError('model_corrupt', `${label}: package.json has no version`);
  const modelJson = await read('model.json');
  const shards = new Map<string, Uint8Array>();
  const paths = z
    .object({ weightsManifest: z.array(z.object({ paths: z.array(z.string()) })) })
    .safeParse(parseJson(`${label}/model.json`, modelJson));
  for (const p of paths.success ? paths.data.weightsManifest.flatMap((g) => g.paths) : [])
    if (/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(p)) shards.set(p, await read(p));
  return {
    id: `esrgan-slim-x${scale}`,
    scale,
    version: pkg.data.version,
    folder,
    modelJson,
    shards,
  };
}

/** `file`: the JSON file's path, for errors. */
function parseJson(file: string, bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new EngineError('model_corrupt', `${file} is not JSON (${firstLine(err)})`);
  }
}

/** model.onnx and upscaler.json for one source, in memory; the same bytes on every run. */
function buildFiles(source: Source): {
  files: Map<string, Uint8Array>;
  manifest: UpscalerManifest;
} {
  const label = `${ESRGAN_SLIM_PACKAGE}/${source.folder}/model.json`;
  const model = parseLayersModel(label, parseJson(label, source.modelJson));
  const weights = readWeights(label, model.weightsManifest, source.shards);
  const title = `ESRGAN slim ×${source.scale} (${ESRGAN_SLIM_PACKAGE} ${source.version})`;
  const converted = convertLayersModel(
    label,
    model,
    weights,
    source.id.replaceAll('-', '_'),
    `${title}, converted from TF.js layers; input [N, 3, H, W] RGB in 0..1, output [N, 3, sH, sW] in 0..1`,
  );
  if (converted.scale !== source.scale)
    throw new EngineError(
      'model_corrupt',
      `${label} upscales ×${converted.scale}, not ×${source.scale}`,
    );
  const sourceFiles: Record<string, string> = { 'model.json': sha256(source.modelJson) };
  for (const [p, bytes] of [...source.shards].sort(([a], [b]) => (a < b ? -1 : 1)))
    sourceFiles[p] = sha256(bytes);
  const manifest: UpscalerManifest = {
    id: source.id,
    label: title,
    converter: CONVERTER_VERSION,
    source: {
      package: ESRGAN_SLIM_PACKAGE,
      version: source.version,
      folder: source.folder,
      files: sourceFiles,
    },
    scale: converted.scale,
    receptiveRadius: converted.receptiveRadius,
    io: { input: 'input [N, 3, H, W] RGB 0..1', output: 'output [N, 3, sH, sW] RGB 0..1' },
    files: { [MODEL]: sha256(converted.onnx) },
  };
  const files = new Map<string, Uint8Array>([
    [MODEL, converted.onnx],
    [MANIFEST, new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`)],
  ]);
  return { files, manifest };
}

/** The converted files for `scale` from the installed package (or `packageDir`), without writing them. */
export async function convertEsrganSlim(
  scale: number,
  packageDir = esrganSlimPackageDir(),
): Promise<{ files: Map<string, Uint8Array>; manifest: UpscalerManifest }> {
  return buildFiles(await readSource(scale, packageDir));
}

async function recorded(dir: string): Promise<UpscalerManifest | undefined> {
  try {
    const parsed = manifestSchema.safeParse(
      JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const sameRecord = (a: Record<string, string>, b: Record<string, string>) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/** `<modelsDir>/upscalers/esrgan-slim-x<scale>`, converted when missing or out of date. */
export async function ensureEsrganSlim(
  modelsDir: string,
  scale: number,
  packageDir = esrganSlimPackageDir(),
): Promise<InstalledUpscaler> {
  const source = await readSource(scale, packageDir);
  const dir = path.join(modelsDir, UPSCALERS_DIR, source.id);
  const file = path.join(dir, MODEL);
  const known = await recorded(dir);
  const sourceFiles: Record<string, string> = { 'model.json': sha256(source.modelJson) };
  for (const [p, bytes] of source.shards) sourceFiles[p] = sha256(bytes);
  if (
    known &&
    known.converter === CONVERTER_VERSION &&
    known.source.version === source.version &&
    sameRecord(known.source.files, sourceFiles) &&
    (await sha256File(file).catch(() => '')) === known.files[MODEL]
  )
    return { id: source.id, dir, file, manifest: known, converted: false };
  const { files, manifest } = buildFiles(source);
  await writeFolderAtomic(dir, files);
  return { id: source.id, dir, file, manifest, converted: true };
}
