// Model families, the roles they serve and their default settings.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ModelDefaults } from '../pipelines/types';
import { LATENT_TO_RGB } from './builtin/vae';
import { parseConfigJson } from './config-json';

export const MODEL_FAMILIES = ['builtin', 'sd1', 'sd2', 'turbo'] as const;
export type ModelFamily = (typeof MODEL_FAMILIES)[number];
/**
 * The generation profiles, chosen per message: a fast draft, a high-definition final asset, or a
 * diagnostics grid of the same request under other settings (lib/profiles/profiles.json).
 */
export const PROFILES = ['draft', 'hd', 'diagnostics'] as const;
export type Profile = (typeof PROFILES)[number];
/** What a model is installed for: the profiles pick a model by role. */
export const MODEL_ROLES = ['draft', 'hd'] as const;
export type ModelRole = (typeof MODEL_ROLES)[number];

export const FAMILY_LABELS: Record<ModelFamily, string> = {
  builtin: 'builtin',
  sd1: 'SD 1.x',
  sd2: 'SD 2.x',
  turbo: 'Turbo',
};

export const ROLES: Record<ModelFamily, ModelRole[]> = {
  builtin: [...MODEL_ROLES],
  sd1: ['hd'],
  sd2: ['hd'],
  turbo: ['draft'],
};

/** The scheduler a scheduler_config.json describes, as a CLI scheduler name. */
export function schedulerNameOf(config: Record<string, unknown>): string {
  const karras = config.use_karras_sigmas === true;
  switch (config._class_name) {
    case 'DDIMScheduler':
      return 'ddim';
    case 'EulerDiscreteScheduler':
      return karras ? 'euler-karras' : 'euler';
    case 'EulerAncestralDiscreteScheduler':
      return 'euler-ancestral';
    case 'DPMSolverMultistepScheduler':
      return karras ? 'dpmpp-2m-karras' : 'dpmpp-2m';
    case 'LCMScheduler':
      return 'lcm';
    default:
      return 'pndm';
  }
}

/** Family from model_index.json's "_atelier" block, then the folder name, prediction type and text width. */
export async function detectFamily(
  dir: string,
  index: Record<string, unknown>,
  scheduler: Record<string, unknown>,
): Promise<ModelFamily> {
  const declared = (index._atelier as { family?: string } | undefined)?.family;
  if (declared === 'builtin' || declared === 'sd1' || declared === 'sd2' || declared === 'turbo')
    return declared;
  const name = path.basename(dir).toLowerCase();
  if (name.includes('turbo')) return 'turbo';
  if (scheduler.prediction_type === 'v_prediction') return 'sd2';
  const textConfig = await readFile(path.join(dir, 'text_encoder', 'config.json'), 'utf8').then(
    (t) => parseConfigJson(t) as { hidden_size?: number } | null,
    () => undefined,
  );
  if (textConfig?.hidden_size === 1024 || /(^|[^0-9.])2[-._]?[01]($|[^0-9])/.test(name))
    return 'sd2';
  return 'sd1';
}

export function defaultsFor(
  family: ModelFamily,
  index: Record<string, unknown>,
  scheduler: Record<string, unknown>,
): ModelDefaults {
  const declared =
    (index._atelier as { defaults?: Partial<ModelDefaults> } | undefined)?.defaults ?? {};
  const size = family === 'sd2' && scheduler.prediction_type === 'v_prediction' ? 768 : 512;
  const base: ModelDefaults = {
    width: size,
    height: size,
    steps: family === 'turbo' ? 1 : 25,
    guidance: family === 'turbo' ? 0 : 7.5,
    scheduler: family === 'turbo' ? 'euler-ancestral' : schedulerNameOf(scheduler),
    ...declared,
  };
  return base;
}

/** SD's commonly used linear latent → RGB approximation (3×4, row-major), for step previews. */
const SD_PREVIEW = [
  0.3512, 0.325, -0.2829, -0.212, 0.2297, 0.4974, 0.1762, -0.2616, 0.3227, 0.235, 0.2721, -0.7177,
];

export function previewMatrix(family: ModelFamily): number[] {
  return family === 'builtin' ? LATENT_TO_RGB : SD_PREVIEW;
}
