// Request validation: defaults applied, every field checked against the limits, one clear line
// per problem.
import { invalid } from '../errors';
import { SCHEDULER_NAMES } from '../schedulers';
import {
  DEFAULT_LIMITS,
  type EngineLimits,
  type GenerationRequest,
  MAX_SEED,
  MIN_SIDE,
  type ModelDefaults,
  type ResolvedRequest,
} from './types';

function integer(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(`${name} must be an integer from ${min} to ${max} (got ${value})`);
  }
  return value;
}

function number(name: string, value: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw invalid(`${name} must be a number from ${min} to ${max} (got ${value})`);
  }
  return value;
}

function side(name: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value % 8 !== 0 || value < MIN_SIDE || value > max) {
    throw invalid(`${name} must be a multiple of 8 from ${MIN_SIDE} to ${max} (got ${value})`);
  }
  return value;
}

export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

export function resolveRequest(
  req: GenerationRequest,
  defaults: ModelDefaults,
  limits: Partial<EngineLimits> = {},
): ResolvedRequest {
  const lim = { ...DEFAULT_LIMITS, ...limits };
  if (typeof req.prompt !== 'string') throw invalid('prompt must be a string');
  const negativePrompt = req.negativePrompt ?? '';
  for (const [name, text] of [
    ['prompt', req.prompt],
    ['negative prompt', negativePrompt],
  ] as const) {
    if (text.length > lim.maxPromptChars)
      throw invalid(`${name} is longer than ${lim.maxPromptChars} characters`);
  }
  const scheduler = req.scheduler ?? defaults.scheduler;
  if (!SCHEDULER_NAMES.includes(scheduler)) {
    throw invalid(
      `unknown scheduler "${scheduler}" (expected one of ${SCHEDULER_NAMES.join(', ')})`,
    );
  }
  const count = integer('count', req.count ?? 1, 1, lim.maxCount);
  const seed = integer('seed', req.seed ?? randomSeed(), 0, MAX_SEED);
  if (seed + count - 1 > MAX_SEED) throw invalid(`seed + count - 1 must not exceed ${MAX_SEED}`);
  const out: ResolvedRequest = {
    prompt: req.prompt,
    negativePrompt,
    width: side('width', req.width ?? req.initImage?.width ?? defaults.width, lim.maxWidth),
    height: side('height', req.height ?? req.initImage?.height ?? defaults.height, lim.maxHeight),
    steps: integer('steps', req.steps ?? defaults.steps, 1, lim.maxSteps),
    guidance: number('guidance', req.guidance ?? defaults.guidance, 0, lim.maxGuidance),
    seed,
    count,
    scheduler,
    eta: number('eta', req.eta ?? 0, 0, 1),
  };
  if (req.initImage || req.strength !== undefined) {
    if (!req.initImage) throw invalid('strength needs an init image');
    out.strength = number('strength', req.strength ?? 0.75, 0, 1);
    const { width, height, rgb } = req.initImage;
    if (width !== out.width || height !== out.height) {
      throw invalid(
        `the init image is ${width}x${height} but the request is ${out.width}x${out.height}`,
      );
    }
    if (rgb.length !== width * height * 3) throw invalid('the init image must be 8-bit RGB');
  }
  return out;
}
