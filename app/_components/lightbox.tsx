'use client';

import { useEffect, useRef, useState } from 'react';
import { type GalleryImage, imageDownloadUrl } from '../_lib/gallery';
import { profileLabel } from '../_lib/models';
import type { Review } from '../_lib/reviews';
import { useFocusTrap } from '../_lib/use-focus-trap';
import { CopyButton } from './copy-button';
import { ImageFacts } from './image-facts';
import { ReviewControls } from './review-controls';
import { type Zoom, ZoomableImage, zoomBy } from './zoomable-image';

type Props = {
  images: GalleryImage[];
  index: number;
  onIndex: (i: number) => void;
  onClose: () => void;
  onCompare: (a: GalleryImage, otherId: string) => void;
  /** Whether the viewer may approve or reject (editors and owners). */
  canReview: boolean;
  onReview: (id: string, review: Review | null) => void;
};

const TOOL =
  'rounded-md px-2 py-1 text-xs font-medium text-neutral-200 hover:bg-white/10 disabled:text-neutral-500';

/** One image at full resolution with zoom, what made it, and its actions; arrows move, Esc closes. */
export function Lightbox({
  images,
  index,
  onIndex,
  onClose,
  onCompare,
  canReview,
  onReview,
}: Props) {
  const root = useFocusTrap<HTMLDivElement>(onClose);
  const stage = useRef<HTMLDivElement>(null);
  const [zoom, setZoom] = useState<Zoom>('fit');
  const image = images[index];
  const fitScale = () => {
    const s = stage.current;
    return s ? Math.min(1, s.clientWidth / image.width, s.clientHeight / image.height) : 1;
  };
  const move = (by: number) => {
    const next = index + by;
    if (next >= 0 && next < images.length) onIndex(next);
  };
  const moveRef = useRef(move);
  moveRef.current = move;

  useEffect(() => setZoom('fit'), [image.id]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'ArrowRight') moveRef.current(1);
      else if (e.key === 'ArrowLeft') moveRef.current(-1);
      else if (e.key === '+' || e.key === '=') setZoom((z) => zoomBy(z, fitScale(), 1));
      else if (e.key === '-') setZoom((z) => zoomBy(z, fitScale(), -1));
      else if (e.key === '0') setZoom('fit');
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  const title = image.request ?? image.prompt;
  return (
    <div
      ref={root}
      role="dialog"
      aria-modal="true"
      aria-labelledby="lightbox-title"
      data-testid="lightbox"
      data-image-id={image.id}
      tabIndex={-1}
      className="palette-light fixed inset-0 z-50 flex flex-col bg-neutral-950 text-neutral-100 md:flex-row"
    >
      <div className="flex min-h-0 flex-1 flex-col">
        <div className="flex items-center gap-1 border-b border-white/10 px-3 py-2">
          <h2 id="lightbox-title" className="min-w-0 flex-1 truncate text-sm font-medium">
            <span className="mr-2 rounded bg-white/10 px-1.5 py-0.5 text-xs">
              {profileLabel(image.profile)}
            </span>
            {title}
          </h2>
          <span className="px-1 text-xs text-neutral-400" data-testid="lightbox-position">
            {index + 1} / {images.length}
          </span>
          <button
            type="button"
            data-autofocus
            data-testid="lightbox-close"
            onClick={onClose}
            aria-label="Close viewer"
            className="rounded-md px-2 py-0.5 text-lg leading-none text-neutral-300 hover:bg-white/10"
          >
            ×
          </button>
        </div>
        <div ref={stage} className="relative min-h-[45vh] flex-1 bg-neutral-900">
          <ZoomableImage
            src={image.url}
            alt={image.prompt || 'generated image'}
            width={image.width}
            height={image.height}
            zoom={zoom}
            onToggle={() => setZoom((z) => (z === 'fit' ? 1 : 'fit'))}
          />
        </div>
        <div className="flex flex-wrap items-center gap-1 border-t border-white/10 px-3 py-2">
          <button
            type="button"
            className={TOOL}
            onClick={() => move(-1)}
            disabled={index === 0}
            data-testid="lightbox-prev"
            aria-label="Previous image"
          >
            ← Prev
          </button>
          <button
            type="button"
            className={TOOL}
            onClick={() => move(1)}
            disabled={index === images.length - 1}
            data-testid="lightbox-next"
            aria-label="Next image"
          >
            Next →
          </button>
          <span className="mx-1 h-4 w-px bg-white/10" aria-hidden />
          <button
            type="button"
            className={TOOL}
            onClick={() => setZoom((z) => zoomBy(z, fitScale(), -1))}
            aria-label="Zoom out"
            data-testid="zoom-out"
          >
            −
          </button>
          <span
            className="w-12 text-center text-xs tabular-nums text-neutral-300"
            data-testid="zoom-level"
            aria-live="polite"
          >
            {zoom === 'fit' ? 'Fit' : `${Math.round(zoom * 100)}%`}
          </span>
          <button
            type="button"
            className={TOOL}
            onClick={() => setZoom((z) => zoomBy(z, fitScale(), 1))}
            aria-label="Zoom in"
            data-testid="zoom-in"
          >
            +
          </button>
          <button
            type="button"
            className={TOOL}
            onClick={() => setZoom(1)}
            disabled={zoom === 1}
            data-testid="zoom-actual"
          >
            100%
          </button>
          <button
            type="button"
            className={TOOL}
            onClick={() => setZoom('fit')}
            disabled={zoom === 'fit'}
            data-testid="zoom-fit"
          >
            Fit
          </button>
        </div>
      </div>
      <aside className="max-h-[45vh] overflow-y-auto border-t border-white/10 bg-white p-4 text-neutral-900 md:max-h-none md:w-80 md:border-t-0 md:border-l lg:w-96">
        <div className="mb-4 flex flex-wrap gap-2">
          <CopyButton text={image.recipe} label="Copy recipe" testId="copy-recipe" />
          <a
            href={imageDownloadUrl(image.id)}
            download
            data-testid="image-download"
            className="inline-flex items-center rounded-lg border border-neutral-300 bg-white px-2.5 py-1 text-xs font-medium text-neutral-800 hover:bg-neutral-50"
          >
            Download PNG
          </a>
          {image.counterpart ? (
            <button
              type="button"
              data-testid="compare-counterpart"
              onClick={() => onCompare(image, image.counterpart!.id)}
              className="inline-flex items-center rounded-lg bg-accent-600 px-2.5 py-1 text-xs font-medium text-white hover:bg-accent-700"
            >
              Compare with {profileLabel(image.counterpart.profile)}
            </button>
          ) : null}
        </div>
        <div className="mb-4 border-b border-neutral-200 pb-4">
          <ReviewControls
            key={image.id}
            artifactId={image.id}
            review={image.review}
            canReview={canReview}
            onChange={(r) => onReview(image.id, r)}
          />
        </div>
        <ImageFacts image={image} />
      </aside>
    </div>
  );
}
