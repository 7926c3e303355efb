'use client';

import { useEffect, useState } from 'react';
import type { GalleryFilters, GalleryImage, GalleryScope } from '../_lib/gallery';
import type { Review } from '../_lib/reviews';
import { useGallery } from '../_lib/use-gallery';
import { AppLink } from './app-link';
import { Button } from './button';
import { CompareView } from './compare-view';
import { GalleryFiltersBar } from './gallery-filters';
import { GalleryGrid } from './gallery-grid';
import { InlineError } from './inline-error';
import { Lightbox } from './lightbox';

type Props = {
  scope: GalleryScope | null;
  heading: string;
  /** Under the heading: whose images these are. */
  subheading?: string;
  back?: { href: string; label: string };
};

/** A scope's images: filters, tiles, the viewer and the compare view; `?image=ID` opens one. */
export function GalleryView({ scope, heading, subheading, back }: Props) {
  const [filters, setFilters] = useState<GalleryFilters>({});
  const g = useGallery(scope, filters);
  const [open, setOpen] = useState<number | null>(null);
  const [compare, setCompare] = useState<{ first: GalleryImage; otherId: string } | null>(null);
  const [picked, setPicked] = useState<string[] | null>(null);
  const [wanted, setWanted] = useState<string | null>(null);
  // Reviews given here since the page loaded, over what the page said.
  const [reviewed, setReviewed] = useState<Record<string, Review | null>>({});
  const images = g.images.map((i) => (i.id in reviewed ? { ...i, review: reviewed[i.id] } : i));

  useEffect(() => setWanted(new URLSearchParams(window.location.search).get('image')), []);
  useEffect(() => {
    const at = wanted ? g.images.findIndex((i) => i.id === wanted) : -1;
    if (at >= 0) {
      setOpen(at);
      setWanted(null);
    }
  }, [wanted, g.images]);

  const pick = (id: string) =>
    setPicked((p) => (p?.includes(id) ? p.filter((x) => x !== id) : [...(p ?? []), id].slice(-2)));
  const comparePicked = () => {
    const [a, b] = picked ?? [];
    const first = g.images.find((i) => i.id === a);
    if (first && b) setCompare({ first, otherId: b });
  };

  return (
    <div className="flex h-full flex-col" data-testid="gallery">
      <header className="flex flex-wrap items-center gap-3 border-b border-neutral-200 px-4 py-2.5 sm:px-6">
        <div className="w-full min-w-0 sm:w-auto sm:flex-1">
          {back ? (
            <AppLink
              href={back.href}
              className="text-xs text-accent-700 hover:underline"
              data-testid="gallery-back"
            >
              ← {back.label}
            </AppLink>
          ) : null}
          <h1 className="truncate text-sm font-semibold text-neutral-900">{heading}</h1>
          {subheading ? <p className="truncate text-xs text-neutral-500">{subheading}</p> : null}
        </div>
        <GalleryFiltersBar facets={g.facets} value={filters} onChange={setFilters} />
        {picked ? (
          <>
            <Button
              size="sm"
              data-testid="compare-picked"
              disabled={picked.length < 2}
              onClick={comparePicked}
            >
              Compare {picked.length}/2
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setPicked(null)}>
              Cancel
            </Button>
          </>
        ) : (
          <Button
            size="sm"
            variant="secondary"
            data-testid="compare-pick"
            onClick={() => setPicked([])}
            disabled={g.images.length < 2}
          >
            Compare two…
          </Button>
        )}
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto px-4 py-4 sm:px-6">
        <InlineError
          message={g.error && `The images could not be loaded: ${g.error}`}
          testId="gallery-error"
          className="mb-3"
          onRetry={g.reload}
        />
        {picked ? (
          <p className="mb-3 text-xs text-neutral-600" aria-live="polite">
            Pick two images to compare ({picked.length} picked).
          </p>
        ) : null}
        {!g.loading && !g.error && g.images.length === 0 ? (
          <div className="py-16 text-center text-sm text-neutral-500" data-testid="gallery-empty">
            <p className="font-medium text-neutral-700">No images here yet</p>
            <p className="mt-1">
              {filters.profile || filters.model || filters.review
                ? 'Nothing matches these filters.'
                : 'Images rendered in a conversation show up here.'}
            </p>
          </div>
        ) : null}
        <GalleryGrid images={images} picked={picked} onOpen={setOpen} onPick={pick} />
        {g.loading ? (
          <p className="py-6 text-center text-xs text-neutral-500">Loading images…</p>
        ) : null}
        {g.nextCursor && !g.loading ? (
          <div className="py-6 text-center">
            <Button variant="secondary" size="sm" onClick={g.loadMore} data-testid="gallery-more">
              Show more
            </Button>
          </div>
        ) : null}
      </div>
      {open !== null && g.images[open] && !compare ? (
        <Lightbox
          images={images}
          index={open}
          onIndex={setOpen}
          onClose={() => setOpen(null)}
          onCompare={(first, otherId) => setCompare({ first, otherId })}
          canReview={g.canReview}
          onReview={(id, review) => setReviewed((r) => ({ ...r, [id]: review }))}
        />
      ) : null}
      {compare ? (
        <CompareView
          first={compare.first}
          otherId={compare.otherId}
          known={g.images}
          onClose={() => {
            setCompare(null);
            setPicked(null);
          }}
        />
      ) : null}
    </div>
  );
}
