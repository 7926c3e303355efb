'use client';

import type { GalleryFilters, GalleryPage } from '../_lib/gallery';
import { profileLabel } from '../_lib/models';

const SELECT =
  'min-w-0 max-w-[11rem] rounded-lg border border-neutral-200 bg-white px-2 py-1.5 text-sm focus:border-accent-500 focus:outline-none';

type Props = {
  facets?: GalleryPage['facets'];
  value: GalleryFilters;
  onChange: (f: GalleryFilters) => void;
};

/** Profile and model filters (offering what the scope holds), and the review filter. */
export function GalleryFiltersBar({ facets, value, onChange }: Props) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <select
        aria-label="Profile"
        data-testid="gallery-filter-profile"
        className={SELECT}
        value={value.profile ?? ''}
        onChange={(e) => onChange({ ...value, profile: e.target.value || undefined })}
      >
        <option value="">All profiles</option>
        {(facets?.profiles ?? []).map((p) => (
          <option key={p} value={p}>
            {profileLabel(p)}
          </option>
        ))}
      </select>
      <select
        aria-label="Model"
        data-testid="gallery-filter-model"
        className={SELECT}
        value={value.model ?? ''}
        onChange={(e) => onChange({ ...value, model: e.target.value || undefined })}
      >
        <option value="">All models</option>
        {(facets?.models ?? []).map((m) => (
          <option key={m.id} value={m.id}>
            {m.label}
          </option>
        ))}
      </select>
      <select
        aria-label="Review"
        data-testid="gallery-filter-review"
        className={SELECT}
        value={value.review ?? ''}
        onChange={(e) => onChange({ ...value, review: e.target.value || undefined })}
      >
        <option value="">Any review</option>
        <option value="approved">Approved</option>
        <option value="rejected">Rejected</option>
        <option value="unreviewed">Not reviewed</option>
      </select>
    </div>
  );
}
