'use client';

import { useId } from 'react';
import {
  type AdvancedForm,
  defaultsFor,
  EMPTY_FORM,
  type ImageModel,
  type ImageModelListing,
  randomSeedText,
} from '../_lib/image-settings';
import { profileLabel } from '../_lib/models';
import type { Profile } from '../_lib/types';

type Props = {
  id: string;
  listing: ImageModelListing | undefined;
  listingError?: string;
  profile: Profile;
  form: AdvancedForm;
  onForm: (f: AdvancedForm) => void;
  error: string | null;
  disabled?: boolean;
};

const field =
  'w-full min-w-0 rounded-md border border-neutral-300 bg-white px-2 py-1 text-sm text-neutral-900 tabular-nums placeholder:text-neutral-500 focus:border-accent-500 focus:outline-none focus:ring-2 focus:ring-accent-100 disabled:cursor-not-allowed disabled:bg-neutral-100 disabled:text-neutral-500';
const labelClass = 'mb-1 block text-xs font-medium text-neutral-600';

const ROLE_LABELS: Record<string, string> = { draft: 'Draft models', hd: 'HD models' };

/**
 * The image settings a person may fix for the next message. Each empty field shows, as its
 * placeholder, what the profile gives on the chosen model, which is what it renders with.
 */
export function AdvancedSettings({
  id,
  listing,
  listingError,
  profile,
  form,
  onForm,
  error,
  disabled,
}: Props) {
  const uid = useId();
  const set = (patch: Partial<AdvancedForm>) => onForm({ ...form, ...patch });
  const pick = listing?.profileModels[profile];
  const models: ImageModel[] = listing?.models ?? [];
  const { model: chosen, defaults } = defaultsFor(listing, profile, form);
  const grid = defaults?.grid ?? false;
  const ownRole = models.filter((m) => pick && m.roles.includes(pick.role));
  const others = models.filter((m) => !ownRole.includes(m));
  const maxSeed = listing?.limits.maxSeed ?? 0xffffffff;
  const lim = listing?.limits;
  const ph = (v: number | undefined) => (v === undefined ? '' : String(v));
  const defaultModel = models.find((m) => m.id === pick?.modelId);

  return (
    <div
      id={id}
      data-testid="advanced-settings"
      className="border-t border-neutral-100 px-4 pt-3 pb-2"
    >
      <div className="grid grid-cols-2 gap-x-3 gap-y-2.5 sm:grid-cols-4">
        <div className="col-span-2">
          <label htmlFor={`${uid}-model`} className={labelClass}>
            Image model
          </label>
          <select
            id={`${uid}-model`}
            data-testid="image-model-picker"
            value={form.modelId}
            disabled={disabled || !listing}
            onChange={(e) => set({ modelId: e.target.value })}
            className={`${field} truncate`}
          >
            <option value="">
              {defaultModel
                ? `Default · ${defaultModel.label}`
                : listingError
                  ? 'Models could not be listed'
                  : 'Loading models…'}
            </option>
            {ownRole.length ? (
              <optgroup label={ROLE_LABELS[pick?.role ?? ''] ?? 'Models'}>
                {ownRole.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.label} · {m.family}
                  </option>
                ))}
              </optgroup>
            ) : null}
            {others.length ? (
              <optgroup label="Other models">
                {others.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.label} · {m.family}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </select>
        </div>
        <div className="col-span-2">
          <span id={`${uid}-seed-label`} className={labelClass}>
            Seed
          </span>
          <div className="flex items-center gap-1.5">
            <div
              role="group"
              aria-labelledby={`${uid}-seed-label`}
              className="flex shrink-0 items-center gap-0.5 rounded-md bg-neutral-100 p-0.5"
            >
              {(
                [
                  [false, 'Random'],
                  [true, 'Locked'],
                ] as const
              ).map(([locked, label]) => (
                <button
                  key={label}
                  type="button"
                  data-testid={`seed-${label.toLowerCase()}`}
                  aria-pressed={form.seedLocked === locked}
                  disabled={disabled}
                  onClick={() =>
                    set({
                      seedLocked: locked,
                      seed: locked && !form.seed ? randomSeedText(maxSeed) : form.seed,
                    })
                  }
                  className={`rounded px-2 py-0.5 text-xs font-medium ${form.seedLocked === locked ? 'bg-white text-neutral-900 shadow-sm ring-1 ring-neutral-200' : 'text-neutral-600 hover:text-neutral-900'}`}
                >
                  {label}
                </button>
              ))}
            </div>
            <input
              data-testid="seed-input"
              aria-label="Seed number"
              inputMode="numeric"
              value={form.seedLocked ? form.seed : ''}
              placeholder={form.seedLocked ? '' : 'new each render'}
              disabled={disabled || !form.seedLocked}
              onChange={(e) => set({ seed: e.target.value.replace(/[^0-9]/g, '') })}
              className={field}
            />
            <button
              type="button"
              data-testid="seed-reroll"
              title="Pick another seed"
              aria-label="Pick another seed"
              disabled={disabled || !form.seedLocked}
              onClick={() => set({ seed: randomSeedText(maxSeed) })}
              className="inline-flex h-7 w-7 shrink-0 items-center justify-center rounded-md text-neutral-600 hover:bg-neutral-100 hover:text-neutral-900 disabled:cursor-not-allowed disabled:opacity-40"
            >
              <svg viewBox="0 0 20 20" fill="none" className="h-4 w-4" aria-hidden>
                <rect
                  x="3"
                  y="3"
                  width="14"
                  height="14"
                  rx="3"
                  stroke="currentColor"
                  strokeWidth="1.5"
                />
                <circle cx="7" cy="7" r="1.2" fill="currentColor" />
                <circle cx="13" cy="13" r="1.2" fill="currentColor" />
                <circle cx="10" cy="10" r="1.2" fill="currentColor" />
              </svg>
            </button>
          </div>
        </div>
        <div className="col-span-2">
          <span id={`${uid}-size-label`} className={labelClass}>
            Size (px{defaults?.enlarges ? ', before HD enlarges it' : ''})
          </span>
          <div
            role="group"
            aria-labelledby={`${uid}-size-label`}
            className="flex items-center gap-1.5"
          >
            <input
              data-testid="width-input"
              aria-label="Width in pixels"
              type="number"
              min={lim?.minSide}
              max={lim?.maxWidth}
              step={8}
              value={grid ? '' : form.width}
              placeholder={ph(defaults?.width)}
              disabled={disabled || grid}
              onChange={(e) => set({ width: e.target.value })}
              className={field}
            />
            <span aria-hidden className="text-neutral-500">
              ×
            </span>
            <input
              data-testid="height-input"
              aria-label="Height in pixels"
              type="number"
              min={lim?.minSide}
              max={lim?.maxHeight}
              step={8}
              value={grid ? '' : form.height}
              placeholder={ph(defaults?.height)}
              disabled={disabled || grid}
              onChange={(e) => set({ height: e.target.value })}
              className={field}
            />
          </div>
        </div>
        <div>
          <label htmlFor={`${uid}-steps`} className={labelClass}>
            Steps
          </label>
          <input
            id={`${uid}-steps`}
            data-testid="steps-input"
            type="number"
            min={1}
            max={lim?.maxSteps}
            step={1}
            value={grid ? '' : form.steps}
            placeholder={ph(defaults?.steps)}
            disabled={disabled || grid}
            onChange={(e) => set({ steps: e.target.value })}
            className={field}
          />
        </div>
        <div>
          <label htmlFor={`${uid}-guidance`} className={labelClass}>
            Guidance
          </label>
          <input
            id={`${uid}-guidance`}
            data-testid="guidance-input"
            type="number"
            min={0}
            max={lim?.maxGuidance}
            step={0.25}
            value={grid ? '' : form.guidance}
            placeholder={ph(defaults?.guidance)}
            disabled={disabled || grid}
            onChange={(e) => set({ guidance: e.target.value })}
            className={field}
          />
        </div>
      </div>
      <div className="mt-2 flex flex-wrap items-start gap-x-3 gap-y-1 text-xs text-neutral-600">
        <p className="min-w-0 flex-1" data-testid="advanced-hint">
          {grid
            ? 'Diagnostics renders its own grid of steps, guidance and size; the model and seed apply.'
            : `Empty fields take ${profileLabel(profile)}'s defaults${chosen ? ` for ${chosen.label}` : ''}, shown in grey.`}
        </p>
        <button
          type="button"
          data-testid="advanced-reset"
          disabled={disabled}
          onClick={() => onForm(EMPTY_FORM)}
          className="rounded px-1.5 py-0.5 font-medium text-accent-700 hover:bg-accent-50 disabled:opacity-50"
        >
          Reset to defaults
        </button>
      </div>
      {error ? (
        <p role="alert" data-testid="advanced-error" className="mt-1.5 text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
