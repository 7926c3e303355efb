import type { RawConfig } from './config';
import { DdimScheduler } from './ddim';
import { DpmSolverMultistepScheduler } from './dpmpp-2m';
import { EulerScheduler } from './euler';
import { EulerAncestralScheduler } from './euler-ancestral';
import { LcmScheduler } from './lcm';
import { PndmScheduler } from './pndm';
import type { Scheduler, SchedulerKind } from './types';

export type { Scheduler, SchedulerKind, StepOptions, StepResult } from './types';
export {
  DdimScheduler,
  DpmSolverMultistepScheduler,
  EulerAncestralScheduler,
  EulerScheduler,
  LcmScheduler,
  PndmScheduler,
};

export const SCHEDULER_KINDS: readonly SchedulerKind[] = [
  'ddim',
  'euler',
  'euler-ancestral',
  'dpmpp-2m',
  'lcm',
  'pndm',
];

/** Names accepted on the CLI: the kinds, plus the Karras-sigma variants. */
export const SCHEDULER_NAMES: readonly string[] = [
  ...SCHEDULER_KINDS,
  'dpmpp-2m-karras',
  'euler-karras',
];

/**
 * Create a scheduler from a diffusers scheduler_config.json object (snake_case keys, any
 * scheduler's config: keys the kind does not know are ignored, missing keys take its defaults).
 */
export function createScheduler(
  kind: SchedulerKind,
  config: Record<string, unknown> = {},
): Scheduler {
  const cfg: RawConfig = config;
  switch (kind) {
    case 'ddim':
      return new DdimScheduler(cfg);
    case 'euler':
      return new EulerScheduler(cfg);
    case 'euler-ancestral':
      return new EulerAncestralScheduler(cfg);
    case 'dpmpp-2m':
      return new DpmSolverMultistepScheduler(cfg);
    case 'lcm':
      return new LcmScheduler(cfg);
    case 'pndm':
      return new PndmScheduler(cfg);
    default:
      throw new Error(
        `unknown scheduler kind "${String(kind)}"; expected one of ${SCHEDULER_KINDS.join(', ')}`,
      );
  }
}

export interface ResolvedSchedulerName {
  kind: SchedulerKind;
  overrides: Record<string, unknown>;
}

/** Map a CLI scheduler name to a kind and the config keys it implies. */
export function resolveSchedulerName(name: string): ResolvedSchedulerName {
  if (name === 'dpmpp-2m-karras')
    return { kind: 'dpmpp-2m', overrides: { use_karras_sigmas: true } };
  if (name === 'euler-karras') return { kind: 'euler', overrides: { use_karras_sigmas: true } };
  if ((SCHEDULER_KINDS as readonly string[]).includes(name)) {
    return { kind: name as SchedulerKind, overrides: {} };
  }
  throw new Error(`unknown scheduler "${name}"; expected one of ${SCHEDULER_NAMES.join(', ')}`);
}
