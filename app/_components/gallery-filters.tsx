'use client';

import type { GalleryFilters, GalleryPage } from '../_lib/gallery';
import { profileLabel } from '../_lib/models';

type Key = 'profile' | 'model' | 'review';
type Option = { value: string; label: string };

const REVIEWS: Option[] = [
  { value: 'approved', label: 'Approved' },
  { value: 'rejected', label: 'Rejected' },
  { value: 'unreviewed', label: 'Not reviewed' },
];

type Props = {
  facets?: GalleryPage['facets'];
  value: GalleryFilters;
  onChange: (f: GalleryFilters) => void;
};

/** Profile and model filters (offering what the scope holds), and the review filter. */
export function GalleryFiltersBar({ facets, value, onChange }: Props) {
  const filter = (key: Key, label: string, all: string, options: Option[]) => (
    <select
      aria-label={label}
      data-testid={`gallery-filter-${key}`}
      className="min-w-0 max-w-[11rem] rounded-lg border border-neutral-200 bg-white px-2 py-1.5 text-sm focus:border-accent-500 focus:outline-none"
      value={value[key] ?? ''}
      onChange={(e) => onChange({ ...value, [key]: e.target.value || undefined })}
    >
      <option value="">{all}</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
  return (
    <div className="flex flex-wrap items-center gap-2">
      {filter(
        'profile',
        'Profile',
        'All profiles',
        (facets?.profiles ?? []).map((p) => ({ value: p, label: profileLabel(p) })),
      )}
      {filter(
        'model',
        'Model',
        'All models',
        (facets?.models ?? []).map((m) => ({ value: m.id, label: m.label })),
      )}
      {filter('review', 'Review', 'Any review', REVIEWS)}
    </div>
  );
}
