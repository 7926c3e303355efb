// What a generated PNG records: only what determines its pixels, so that the same request gives
// the same bytes. "parameters" is the A1111 text readers already understand; "atelier" is JSON.
import type { StageRecord } from '../pipelines/hd';

export interface ImageMetadata {
  pipeline: 'txt2img' | 'img2img';
  prompt: string;
  negativePrompt: string;
  model: { id: string; family: string; files: Record<string, string> };
  scheduler: { name: string; config: Record<string, unknown> };
  steps: number;
  guidance: number;
  /** This image's seed. */
  seed: number;
  /** Images are generated in batches: pixels of real models may depend on the batch size. */
  batch: { size: number; index: number };
  width: number;
  height: number;
  eta: number;
  strength?: number;
  /** sha256 of the init image's RGB pixels (img2img). */
  initImageSha256?: string;
  rng: string;
  ep: string;
  onnxruntime: string;
  /** What an HD render's stages did after the base image (hires, upscaler, text layer). */
  stages?: StageRecord;
}

const SAMPLER_NAMES: Record<string, [string, string?]> = {
  ddim: ['DDIM'],
  euler: ['Euler'],
  'euler-karras': ['Euler', 'Karras'],
  'euler-ancestral': ['Euler a'],
  'dpmpp-2m': ['DPM++ 2M'],
  'dpmpp-2m-karras': ['DPM++ 2M', 'Karras'],
  lcm: ['LCM'],
  pndm: ['PLMS'],
};

/** Our scheduler name for an A1111 sampler (and schedule type), the inverse of what `a1111Parameters` writes. */
export function schedulerFromA1111(sampler: string, scheduleType?: string): string | undefined {
  const karras = scheduleType === 'Karras' || / Karras$/.test(sampler);
  const base = sampler.replace(/ Karras$/, '');
  const found = Object.entries(SAMPLER_NAMES).find(
    ([, [s, t]]) => s === base && (t === 'Karras') === karras,
  );
  return found?.[0] ?? Object.entries(SAMPLER_NAMES).find(([, [s]]) => s === base)?.[0];
}

/** The A1111 "parameters" text: prompt, optional negative line, then "Key: value" pairs. */
export function a1111Parameters(m: ImageMetadata): string {
  const [sampler, scheduleType] = SAMPLER_NAMES[m.scheduler.name] ?? [m.scheduler.name];
  const unetHash = m.model.files['unet/model.onnx'];
  const pairs: Array<[string, string | number | undefined]> = [
    ['Steps', m.steps],
    ['Sampler', sampler],
    ['Schedule type', scheduleType],
    ['CFG scale', m.guidance],
    ['Seed', m.seed],
    ['Size', `${m.width}x${m.height}`],
    ['Model hash', unetHash?.slice(0, 10)],
    ['Model', m.model.id],
    ['Denoising strength', m.strength ?? m.stages?.hires?.strength],
    ['Hires upscale', m.stages?.hires ? m.stages.hires.to[0] / m.stages.hires.from[0] : undefined],
    ['Hires upscaler', m.stages?.hires ? (m.stages.hires.upscaler ?? 'Lanczos') : undefined],
    ['Eta', m.eta > 0 ? m.eta : undefined],
  ];
  const settings = pairs
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${String(v).includes(',') ? JSON.stringify(String(v)) : v}`)
    .join(', ');
  const lines = [m.prompt];
  if (m.negativePrompt) lines.push(`Negative prompt: ${m.negativePrompt}`);
  lines.push(settings);
  return lines.join('\n');
}

/**
 * Non-finite numbers are written as the strings "Infinity", "-Infinity" and "NaN": JSON has no token
 * for them and JSON.stringify would write null, which a scheduler reads as "absent" (its default),
 * not as the value that made the image. Only a scheduler config holds them (DPMSolverMultistep's
 * lambda_min_clipped is -Infinity by default); `readMetadataJson` turns them back into numbers there.
 */
const NON_FINITE = new Map<string, number>([
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
  ['NaN', Number.NaN],
]);

export function nonFiniteAsString(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}

/** The JSON document, keys in a fixed order. */
export function metadataJson(m: ImageMetadata): string {
  return JSON.stringify({ format: 'atelier-image/1', ...m }, nonFiniteAsString);
}

function restoreNonFinite(value: unknown): unknown {
  if (typeof value === 'string') return NON_FINITE.get(value) ?? value;
  if (Array.isArray(value)) return value.map(restoreNonFinite);
  return value;
}

/**
 * The "atelier" document parsed, with the non-finite numbers of its scheduler config restored
 * (diffusers configs hold no string values that read "Infinity", "-Infinity" or "NaN").
 * Throws on text that is not JSON; the caller validates the shape.
 */
export function readMetadataJson(text: string): unknown {
  const doc: unknown = JSON.parse(text);
  const config = (doc as { scheduler?: { config?: unknown } } | null)?.scheduler?.config;
  if (config && typeof config === 'object' && !Array.isArray(config)) {
    for (const [key, value] of Object.entries(config))
      (config as Record<string, unknown>)[key] = restoreNonFinite(value);
  }
  return doc;
}
