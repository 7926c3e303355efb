'use client';

import { useState } from 'react';
import { type GalleryImage, imageDetailUrl } from '../_lib/gallery';
import { profileLabel } from '../_lib/models';
import { useApiGet } from '../_lib/use-api-get';
import { useFocusTrap } from '../_lib/use-focus-trap';
import { CompareMetrics } from './compare-metrics';
import { CompareSlider } from './compare-slider';
import { InlineError } from './inline-error';

type Props = {
  first: GalleryImage;
  /** The other image: shown from `known` when the gallery holds it, else fetched. */
  otherId: string;
  known: GalleryImage[];
  onClose: () => void;
};

const ORDER = { draft: 0, hd: 1, diagnostics: 2 } as const;

/** Two images by slider or side by side, with their settings and metrics beside them. */
export function CompareView({ first, otherId, known, onClose }: Props) {
  const root = useFocusTrap<HTMLDivElement>(onClose);
  const [mode, setMode] = useState<'slider' | 'side'>('slider');
  const held = known.find((i) => i.id === otherId);
  const fetched = useApiGet<{ image: GalleryImage }>(held ? null : imageDetailUrl(otherId));
  const other = held ?? fetched.data?.image;
  // Draft on the left, HD on the right, whichever was opened first.
  const [left, right] = other
    ? [first, other].sort((x, y) => ORDER[x.profile] - ORDER[y.profile])
    : [first, undefined];
  const heading = right
    ? `${profileLabel(left.profile)} vs ${profileLabel(right.profile)}`
    : 'Compare';
  const tab = (m: typeof mode, text: string) => (
    <button
      type="button"
      aria-pressed={mode === m}
      data-testid={`compare-mode-${m}`}
      onClick={() => setMode(m)}
      className={`rounded-md px-2.5 py-1 text-xs font-medium ${mode === m ? 'bg-neutral-900 text-white' : 'text-neutral-600 hover:bg-neutral-100'}`}
    >
      {text}
    </button>
  );
  return (
    <div
      ref={root}
      role="dialog"
      aria-modal="true"
      aria-labelledby="compare-title"
      data-testid="compare-view"
      data-mode={mode}
      tabIndex={-1}
      className="fixed inset-0 z-50 flex flex-col bg-white"
    >
      <header className="flex flex-wrap items-center gap-2 border-b border-neutral-200 px-4 py-2.5">
        <h2 id="compare-title" className="min-w-0 flex-1 truncate text-sm font-semibold">
          {heading}
        </h2>
        <div role="group" aria-label="Compare as" className="flex gap-1">
          {tab('slider', 'Slider')}
          {tab('side', 'Side by side')}
        </div>
        <button
          type="button"
          data-autofocus
          data-testid="compare-close"
          onClick={onClose}
          aria-label="Close compare"
          className="rounded px-1.5 text-lg leading-none text-neutral-500 hover:bg-neutral-100"
        >
          ×
        </button>
      </header>
      {fetched.error ? (
        <InlineError
          message={fetched.error}
          testId="compare-error"
          className="m-4"
          onRetry={fetched.reload}
        />
      ) : null}
      {right ? (
        <div className="flex min-h-0 flex-1 flex-col gap-4 overflow-y-auto p-4 lg:flex-row">
          <div className="min-w-0 lg:flex-1">
            {mode === 'slider' ? (
              <CompareSlider left={left} right={right} />
            ) : (
              <div className="grid grid-cols-2 gap-3" data-testid="compare-side">
                {[left, right].map((i) => (
                  <figure key={i.id} className="min-w-0">
                    <img
                      src={i.url}
                      alt={i.prompt}
                      width={i.width}
                      height={i.height}
                      className="h-auto w-full rounded-lg bg-neutral-100"
                    />
                    <figcaption className="mt-1 text-xs text-neutral-600">
                      {profileLabel(i.profile)} · {i.width}×{i.height}
                    </figcaption>
                  </figure>
                ))}
              </div>
            )}
          </div>
          <aside className="lg:w-80">
            <CompareMetrics left={left} right={right} />
          </aside>
        </div>
      ) : !fetched.error ? (
        <p className="p-4 text-sm text-neutral-500">Loading the other image…</p>
      ) : null}
    </div>
  );
}
