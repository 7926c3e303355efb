// The image settings a person sets in the composer's Advanced panel: sent with a chat message,
// stored on it, and given to generate_image as explicit settings that win over the profile and
// over whatever the model writing the tool call puts in it.
import { z } from 'zod';
import { DEFAULT_LIMITS, MAX_SEED, MIN_SIDE } from '../../engine/pipelines/types';

const side = (name: string, max: number) =>
  z
    .number(`${name} must be a number`)
    .int(`${name} must be a whole number of pixels`)
    .min(MIN_SIDE, `${name} must be from ${MIN_SIDE} to ${max} pixels`)
    .max(max, `${name} must be from ${MIN_SIDE} to ${max} pixels`)
    .multipleOf(8, `${name} must be a multiple of 8 pixels`);

export const ImageSettings = z.strictObject(
  {
    modelId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'modelId must be the id of an installed image model')
      .optional(),
    seed: z
      .number('seed must be a number')
      .int('seed must be a whole number')
      .min(0, `seed must be from 0 to ${MAX_SEED}`)
      .max(MAX_SEED, `seed must be from 0 to ${MAX_SEED}`)
      .optional(),
    width: side('width', DEFAULT_LIMITS.maxWidth).optional(),
    height: side('height', DEFAULT_LIMITS.maxHeight).optional(),
    steps: z
      .number('steps must be a number')
      .int('steps must be a whole number')
      .min(1, `steps must be from 1 to ${DEFAULT_LIMITS.maxSteps}`)
      .max(DEFAULT_LIMITS.maxSteps, `steps must be from 1 to ${DEFAULT_LIMITS.maxSteps}`)
      .optional(),
    guidance: z
      .number('guidance must be a number')
      .min(0, `guidance must be from 0 to ${DEFAULT_LIMITS.maxGuidance}`)
      .max(DEFAULT_LIMITS.maxGuidance, `guidance must be from 0 to ${DEFAULT_LIMITS.maxGuidance}`)
      .optional(),
  },
  {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `unknown image setting ${iss.keys.map((k) => `"${k}"`).join(', ')} (known: modelId, seed, width, height, steps, guidance)`
        : undefined,
  },
);
export type ImageSettings = z.infer<typeof ImageSettings>;

/** The limits the composer's fields take (the engine's, sent to the browser with the models). */
export const IMAGE_SETTING_LIMITS = {
  minSide: MIN_SIDE,
  maxWidth: DEFAULT_LIMITS.maxWidth,
  maxHeight: DEFAULT_LIMITS.maxHeight,
  maxSteps: DEFAULT_LIMITS.maxSteps,
  maxGuidance: DEFAULT_LIMITS.maxGuidance,
  maxSeed: MAX_SEED,
};

/** The settings that are set, or null when none is (stored as such on the message). */
export function setSettings(s: ImageSettings | undefined): ImageSettings | null {
  const set = Object.fromEntries(Object.entries(s ?? {}).filter(([, v]) => v !== undefined));
  return Object.keys(set).length ? (set as ImageSettings) : null;
}

/**
 * The tool call's render parameters with the person's settings laid over them: what the person
 * set wins, whatever the model wrote.
 */
export function withPersonSettings<T extends object>(
  asked: T,
  person: ImageSettings | null | undefined,
): { params: T & Omit<ImageSettings, 'modelId'>; modelId?: string } {
  const { modelId, ...render } = person ?? {};
  return { params: { ...asked, ...render }, ...(modelId ? { modelId } : {}) };
}
