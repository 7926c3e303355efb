// The composer's Advanced panel as a form: text fields (empty: the profile's default) turned into
// the ImageSettings a chat request carries, and back from those a message stored.
import type { ImageSettings } from '@/lib/assistant/image-settings';
import type { ImageModelListing } from '@/lib/jobs/models';
import type { MessageRow, Profile } from './types';

export type { ImageModelListing, ImageSettings };
export type ImageModel = ImageModelListing['models'][number];
export type SettingLimits = ImageModelListing['limits'];

export type AdvancedForm = {
  modelId: string;
  /** Locked: every render uses `seed`; otherwise each render draws a new one. */
  seedLocked: boolean;
  seed: string;
  width: string;
  height: string;
  steps: string;
  guidance: string;
};

export const EMPTY_FORM: AdvancedForm = {
  modelId: '',
  seedLocked: false,
  seed: '',
  width: '',
  height: '',
  steps: '',
  guidance: '',
};

const text = (n: number | undefined) => (n === undefined ? '' : String(n));

export function formFromSettings(s: ImageSettings | null | undefined): AdvancedForm {
  if (!s) return EMPTY_FORM;
  return {
    modelId: s.modelId ?? '',
    seedLocked: s.seed !== undefined,
    seed: text(s.seed),
    width: text(s.width),
    height: text(s.height),
    steps: text(s.steps),
    guidance: text(s.guidance),
  };
}

/** How many settings the form sets (shown on the Advanced button). */
export const countSet = (f: AdvancedForm) =>
  [f.modelId, f.seedLocked ? f.seed : '', f.width, f.height, f.steps, f.guidance].filter(
    (v) => v.trim() !== '',
  ).length;

export const randomSeedText = (max: number) =>
  String(crypto.getRandomValues(new Uint32Array(1))[0] % (max + 1));

type Parsed = { settings: ImageSettings | undefined; error: null } | { error: string };

/** The profile's defaults on the model the form names (else the profile's own model). */
export function defaultsFor(
  listing: ImageModelListing | undefined,
  profile: Profile,
  f: AdvancedForm,
) {
  const id = f.modelId || listing?.profileModels[profile].modelId;
  const model = listing?.models.find((m) => m.id === id);
  return { model, defaults: model?.profiles[profile] };
}

/**
 * The form as request settings, or the first problem in words. The server checks them again (and
 * the size of the whole request); this only keeps a person from sending what cannot pass. Before
 * the listing has come, ranges are left to the server.
 */
export function settingsFromForm(
  f: AdvancedForm,
  listing: ImageModelListing | undefined,
  profile: Profile,
): Parsed {
  const lim = listing?.limits;
  const grid = defaultsFor(listing, profile, f).defaults?.grid ?? false;
  const out: ImageSettings = {};
  const num = (v: string) => (v.trim() === '' ? undefined : Number(v));
  const whole = (name: string, v: string, min: number, max = Infinity, unit = '') => {
    const n = num(v);
    if (n === undefined) return undefined;
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(
        `${name} must be a whole number from ${min}${max < Infinity ? ` to ${max}` : ''}${unit}`,
      );
    return n;
  };
  try {
    if (f.modelId) out.modelId = f.modelId;
    if (f.seedLocked) {
      out.seed = whole('Seed', f.seed, 0, lim?.maxSeed);
      if (out.seed === undefined) throw new Error('Give the seed to lock, or unlock it');
    }
    if (!grid) {
      out.width = whole('Width', f.width, lim?.minSide ?? 8, lim?.maxWidth, ' pixels');
      out.height = whole('Height', f.height, lim?.minSide ?? 8, lim?.maxHeight, ' pixels');
      for (const [name, v] of [
        ['Width', out.width],
        ['Height', out.height],
      ] as const)
        if (v !== undefined && v % 8 !== 0) throw new Error(`${name} must be a multiple of 8`);
      out.steps = whole('Steps', f.steps, 1, lim?.maxSteps);
      const g = num(f.guidance);
      const maxGuidance = lim?.maxGuidance ?? Infinity;
      if (g !== undefined && !(g >= 0 && g <= maxGuidance))
        throw new Error(
          `Guidance must be a number from 0${maxGuidance < Infinity ? ` to ${maxGuidance}` : ''}`,
        );
      out.guidance = g;
    }
  } catch (err) {
    return { error: (err as Error).message };
  }
  const set = Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
  return { settings: Object.keys(set).length ? set : undefined, error: null };
}

/**
 * What the composer starts with in a conversation: the profile and image settings of the newest
 * user message on the branch shown, the one the next message continues.
 */
export function lastChoice(branch: MessageRow[]): { profile: Profile; form: AdvancedForm } {
  const user = branch.findLast((m) => m.role === 'user');
  return {
    profile: user?.profile ?? 'draft',
    form: formFromSettings(user?.imageSettings),
  };
}

/** The settings a message was sent with, in a few words ("seed 42 · 24 steps · 384×256"). */
export function describeSettings(s: ImageSettings | null | undefined): string {
  if (!s) return '';
  const size =
    s.width !== undefined && s.height !== undefined
      ? `${s.width}×${s.height}`
      : s.width !== undefined
        ? `width ${s.width}`
        : s.height !== undefined
          ? `height ${s.height}`
          : undefined;
  return [
    s.modelId,
    s.seed !== undefined && `seed ${s.seed}`,
    s.steps !== undefined && `${s.steps} steps`,
    size,
    s.guidance !== undefined && `guidance ${s.guidance}`,
  ]
    .filter(Boolean)
    .join(' · ');
}
