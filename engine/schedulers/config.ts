// Reading a diffusers scheduler_config.json (snake_case keys). Unknown keys such as
// `_class_name` are ignored, as diffusers' `from_config` does; missing keys take each
// scheduler's own defaults.

export type RawConfig = Record<string, unknown>;

export type BetaSchedule = 'linear' | 'scaled_linear' | 'squaredcos_cap_v2';
export type PredictionType = 'epsilon' | 'v_prediction' | 'sample';
export type TimestepSpacing = 'leading' | 'trailing' | 'linspace';

function present(cfg: RawConfig, key: string): boolean {
  return cfg[key] !== undefined && cfg[key] !== null;
}

/**
 * A finite number, or one of `infinities` where diffusers gives an infinite value a meaning
 * (lambda_min_clipped = -Infinity: no clipping). Python's json writes them as bare tokens, which the
 * model folder reader accepts (engine/models/config-json.ts).
 */
export function num(
  cfg: RawConfig,
  key: string,
  fallback: number,
  infinities: readonly number[] = [],
): number {
  if (!present(cfg, key)) return fallback;
  const v = cfg[key];
  if (typeof v !== 'number' || !(Number.isFinite(v) || infinities.includes(v))) {
    const also = infinities.map((i) => ` or ${i}`).join('');
    const got = typeof v === 'number' ? String(v) : JSON.stringify(v);
    throw new Error(`scheduler config: "${key}" must be a finite number${also}, got ${got}`);
  }
  return v;
}

export function optNum(cfg: RawConfig, key: string): number | undefined {
  return present(cfg, key) ? num(cfg, key, 0) : undefined;
}

export function bool(cfg: RawConfig, key: string, fallback: boolean): boolean {
  if (!present(cfg, key)) return fallback;
  const v = cfg[key];
  if (typeof v !== 'boolean') {
    throw new Error(`scheduler config: "${key}" must be true or false, got ${JSON.stringify(v)}`);
  }
  return v;
}

export function oneOf<T extends string>(
  cfg: RawConfig,
  key: string,
  fallback: T,
  allowed: readonly T[],
): T {
  if (!present(cfg, key)) return fallback;
  const v = cfg[key];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new Error(
      `scheduler config: "${key}" must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`,
    );
  }
  return v as T;
}

export function numArray(cfg: RawConfig, key: string): number[] | undefined {
  if (!present(cfg, key)) return undefined;
  const v = cfg[key];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new Error(`scheduler config: "${key}" must be an array of numbers`);
  }
  return v as number[];
}

/** The noise-schedule part every scheduler shares. */
export interface TrainSchedule {
  numTrainTimesteps: number;
  betaStart: number;
  betaEnd: number;
  betaSchedule: BetaSchedule;
  trainedBetas?: number[];
  rescaleBetasZeroSnr: boolean;
}

export interface TrainDefaults {
  betaStart?: number;
  betaEnd?: number;
  betaSchedule?: BetaSchedule;
}

export function readTrainSchedule(cfg: RawConfig, defaults: TrainDefaults = {}): TrainSchedule {
  const numTrainTimesteps = num(cfg, 'num_train_timesteps', 1000);
  if (!Number.isInteger(numTrainTimesteps) || numTrainTimesteps < 2) {
    throw new Error('scheduler config: "num_train_timesteps" must be an integer >= 2');
  }
  return {
    numTrainTimesteps,
    betaStart: num(cfg, 'beta_start', defaults.betaStart ?? 0.0001),
    betaEnd: num(cfg, 'beta_end', defaults.betaEnd ?? 0.02),
    betaSchedule: oneOf(cfg, 'beta_schedule', defaults.betaSchedule ?? 'linear', [
      'linear',
      'scaled_linear',
      'squaredcos_cap_v2',
    ]),
    trainedBetas: numArray(cfg, 'trained_betas'),
    rescaleBetasZeroSnr: bool(cfg, 'rescale_betas_zero_snr', false),
  };
}

export function readPredictionType(cfg: RawConfig): PredictionType {
  return oneOf(cfg, 'prediction_type', 'epsilon', ['epsilon', 'v_prediction', 'sample']);
}

export function readSpacing(cfg: RawConfig, fallback: TimestepSpacing): TimestepSpacing {
  return oneOf(cfg, 'timestep_spacing', fallback, ['leading', 'trailing', 'linspace']);
}

export function checkSteps(n: number, numTrainTimesteps: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`numInferenceSteps must be a positive integer, got ${n}`);
  }
  if (n > numTrainTimesteps) {
    throw new Error(
      `numInferenceSteps (${n}) cannot exceed num_train_timesteps (${numTrainTimesteps})`,
    );
  }
}
