import { describe, expect, it } from 'vitest';
import {
  type AdvancedForm,
  describeSettings,
  EMPTY_FORM,
  formFromSettings,
  type ImageModelListing,
  lastChoice,
  settingsFromForm,
} from '@/app/_lib/image-settings';
import type { MessageRow } from '@/app/_lib/types';
import { setSettings, withPersonSettings } from '@/lib/assistant/image-settings';

const defaults = (grid: boolean) => ({
  steps: 8,
  guidance: 1.75,
  scheduler: 'euler',
  width: 512,
  height: 512,
  grid,
  enlarges: false,
});

const listing = {
  models: [
    {
      id: 'builtin',
      label: 'built-in',
      family: 'built-in',
      roles: ['draft', 'hd'],
      builtin: true,
      defaults: { steps: 20, guidance: 1.75, scheduler: 'euler', width: 512, height: 512 },
      profiles: { draft: defaults(false), hd: defaults(false), diagnostics: defaults(true) },
    },
  ],
  problems: [],
  profileModels: {
    draft: { role: 'draft', modelId: 'builtin' },
    hd: { role: 'hd', modelId: 'builtin' },
    diagnostics: { role: 'draft', modelId: 'builtin' },
  },
  limits: {
    minSide: 64,
    maxWidth: 2048,
    maxHeight: 2048,
    maxSteps: 150,
    maxGuidance: 30,
    maxSeed: 4294967295,
  },
} as ImageModelListing;

const form = (patch: Partial<AdvancedForm>) => ({ ...EMPTY_FORM, ...patch });
const parse = (patch: Partial<AdvancedForm>, profile: 'draft' | 'diagnostics' = 'draft') =>
  settingsFromForm(form(patch), listing, profile);

describe('the Advanced form', () => {
  it('sends nothing when every field is left to the profile', () => {
    expect(parse({})).toEqual({ settings: undefined, error: null });
    expect(parse({ seed: '12' })).toEqual({ settings: undefined, error: null });
  });

  it('turns the fields into settings', () => {
    expect(
      parse({
        modelId: 'builtin',
        seedLocked: true,
        seed: '42',
        width: '384',
        height: '256',
        steps: '24',
        guidance: '2.5',
      }),
    ).toEqual({
      settings: { modelId: 'builtin', seed: 42, width: 384, height: 256, steps: 24, guidance: 2.5 },
      error: null,
    });
  });

  it.each([
    [{ width: '500' }, 'Width must be a multiple of 8'],
    [{ height: '32' }, 'Height must be a whole number from 64 to 2048 pixels'],
    [{ steps: '0' }, 'Steps must be a whole number from 1 to 150'],
    [{ steps: '2.5' }, 'Steps must be a whole number from 1 to 150'],
    [{ guidance: '31' }, 'Guidance must be a number from 0 to 30'],
    [{ seedLocked: true, seed: '' }, 'Give the seed to lock, or unlock it'],
    [{ seedLocked: true, seed: '4294967296' }, 'Seed must be a whole number from 0 to 4294967295'],
  ])('names the first problem of %j', (patch, error) => {
    expect(parse(patch)).toEqual({ error });
  });

  it('leaves out what the diagnostics grid decides', () => {
    expect(
      parse({ width: '500', steps: '24', seedLocked: true, seed: '7' }, 'diagnostics'),
    ).toEqual({ settings: { seed: 7 }, error: null });
  });

  it('says in a few words what a message was sent with', () => {
    expect(describeSettings({ seed: 42, steps: 24, width: 384, height: 256 })).toBe(
      'seed 42 · 24 steps · 384×256',
    );
    expect(describeSettings({ modelId: 'sd-turbo', width: 640, guidance: 0 })).toBe(
      'sd-turbo · width 640 · guidance 0',
    );
    expect(describeSettings(null)).toBe('');
  });

  it('round-trips stored settings', () => {
    const s = { seed: 0, steps: 24, width: 384 };
    expect(settingsFromForm(formFromSettings(s), listing, 'draft')).toEqual({
      settings: s,
      error: null,
    });
    expect(formFromSettings(null)).toEqual(EMPTY_FORM);
  });
});

describe('what a reopened conversation starts with', () => {
  const row = (id: string, role: 'user' | 'assistant', extra: Partial<MessageRow> = {}) =>
    ({
      id,
      parentId: null,
      role,
      parts: [],
      modelId: 'offline',
      profile: 'draft',
      status: 'complete',
      error: null,
      createdAt: '2025-01-01T00:00:00Z',
      ...extra,
    }) as MessageRow;

  it('takes the newest user message of the branch shown', () => {
    const branch = [
      row('u1', 'user', { profile: 'hd', imageSettings: { steps: 40 } }),
      row('a1', 'assistant'),
      row('u2', 'user', { profile: 'diagnostics', imageSettings: { seed: 9 } }),
      row('a2', 'assistant', { profile: 'diagnostics' }),
    ];
    expect(lastChoice(branch)).toEqual({
      profile: 'diagnostics',
      form: form({ seedLocked: true, seed: '9' }),
    });
  });

  it('starts at Draft with nothing set in a new conversation or one from before the settings', () => {
    expect(lastChoice([])).toEqual({ profile: 'draft', form: EMPTY_FORM });
    expect(lastChoice([row('u1', 'user', { profile: 'hd' })])).toEqual({
      profile: 'hd',
      form: EMPTY_FORM,
    });
  });
});

describe("the person's settings over a tool call", () => {
  it('win where set and leave the rest to the call', () => {
    expect(
      withPersonSettings(
        { prompt: 'p', steps: 40, seed: 1, width: 640 },
        { modelId: 'm', steps: 6, seed: 7 },
      ),
    ).toEqual({ params: { prompt: 'p', steps: 6, seed: 7, width: 640 }, modelId: 'm' });
    expect(withPersonSettings({ prompt: 'p', steps: 40 }, null)).toEqual({
      params: { prompt: 'p', steps: 40 },
    });
  });

  it('are stored only when something is set', () => {
    expect(setSettings(undefined)).toBeNull();
    expect(setSettings({})).toBeNull();
    expect(setSettings({ seed: 0 })).toEqual({ seed: 0 });
  });
});
