'use client';

import { useState } from 'react';
import type { GalleryImage } from '../_lib/gallery';
import { profileLabel } from '../_lib/models';

const label = (i: GalleryImage) => `${profileLabel(i.profile)} · ${i.width}×${i.height}`;

/** Two images in one frame, the left one revealed up to the slider (both scaled to the frame). */
export function CompareSlider({ left, right }: { left: GalleryImage; right: GalleryImage }) {
  const [at, setAt] = useState(50);
  return (
    <div className="flex flex-col gap-2">
      <div
        className="relative mx-auto w-full max-w-[min(100%,70vh)] overflow-hidden rounded-lg bg-neutral-900"
        style={{ aspectRatio: `${right.width} / ${right.height}` }}
        data-testid="compare-slider"
      >
        <img
          src={right.url}
          alt={`${label(right)}: ${right.prompt}`}
          className="absolute inset-0 h-full w-full object-contain"
        />
        <img
          src={left.url}
          alt={`${label(left)}: ${left.prompt}`}
          className="absolute inset-0 h-full w-full object-contain"
          style={{ clipPath: `inset(0 ${100 - at}% 0 0)` }}
        />
        <div
          className="pointer-events-none absolute inset-y-0 w-0.5 bg-white shadow"
          style={{ left: `${at}%` }}
          aria-hidden
        />
        <span className="absolute top-2 left-2 rounded bg-black/60 px-1.5 py-0.5 text-xs text-white">
          {label(left)}
        </span>
        <span className="absolute top-2 right-2 rounded bg-black/60 px-1.5 py-0.5 text-xs text-white">
          {label(right)}
        </span>
      </div>
      <input
        type="range"
        min={0}
        max={100}
        value={at}
        onChange={(e) => setAt(Number(e.target.value))}
        aria-label={`Show ${profileLabel(left.profile)} up to`}
        aria-valuetext={`${at}% ${profileLabel(left.profile)}`}
        data-testid="compare-range"
        className="mx-auto w-full max-w-md accent-accent-600"
      />
    </div>
  );
}
