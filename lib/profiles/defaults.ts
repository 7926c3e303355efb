// What a profile renders with on a model when the request names nothing: the router starts from it,
// and the composer shows it as the placeholders of its advanced settings.
import { PROFILES, type Profile } from '../../engine/models/family';
import type { ModelEntry } from '../../engine/models/registry';
import { type ProfileSettings, type ProfileSpec, profileSpecs } from './schema';

export type RequestDefaults = {
  steps: number;
  guidance: number;
  scheduler: string;
  width: number;
  height: number;
};

/** The profile's settings with its family block laid over them. */
export function settingsFor(spec: ProfileSpec, model: ModelEntry): ProfileSettings {
  return { ...spec, ...(spec.families?.[model.family] ?? {}) };
}

function stepsFor(s: ProfileSettings, modelSteps: number): { steps: number; why: string } {
  if (!s.steps) return { steps: modelSteps, why: "the model's default" };
  if ('fixed' in s.steps) return { steps: s.steps.fixed, why: 'fixed by the profile' };
  const steps = Math.max(s.steps.min ?? 1, Math.round(modelSteps * s.steps.factor));
  return { steps, why: `${s.steps.factor} × the model's ${modelSteps}` };
}

/** The request the profile makes of the model, and why it takes that many steps. */
export function plannedRequest(
  s: ProfileSettings,
  model: ModelEntry,
): { request: RequestDefaults; stepsWhy: string } {
  const d = model.defaults;
  const planned = stepsFor(s, d.steps);
  return {
    request: {
      steps: planned.steps,
      guidance: s.guidance ?? d.guidance,
      scheduler: s.scheduler ?? d.scheduler,
      width: s.width ?? d.width,
      height: s.height ?? d.height,
    },
    stepsWhy: planned.why,
  };
}

export type ProfileDefaults = RequestDefaults & {
  /** Diagnostics: the grid sets steps, guidance, scheduler and size cell by cell. */
  grid: boolean;
  /** HD: a hires pass and the upscaler enlarge the base size. */
  enlarges: boolean;
};

/** Each profile's defaults on this model. */
export function profileDefaults(model: ModelEntry): Record<Profile, ProfileDefaults> {
  const specs = profileSpecs();
  return Object.fromEntries(
    PROFILES.map((p) => {
      const s = settingsFor(specs[p], model);
      return [
        p,
        {
          ...plannedRequest(s, model).request,
          grid: Boolean(s.grid),
          enlarges: Boolean(s.hires || s.upscaler),
        },
      ];
    }),
  ) as Record<Profile, ProfileDefaults>;
}
