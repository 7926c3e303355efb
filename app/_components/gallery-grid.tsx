'use client';

import { type GalleryImage, imagePreviewSrcSet } from '../_lib/gallery';
import { profileLabel } from '../_lib/models';

type Props = {
  images: GalleryImage[];
  /** Picking two to compare: the ids picked so far; null when not picking. */
  picked: string[] | null;
  onOpen: (index: number) => void;
  onPick: (id: string) => void;
};

/** The images as square tiles; a tile opens the viewer, or while picking, toggles its pick. */
export function GalleryGrid({ images, picked, onOpen, onPick }: Props) {
  return (
    <ul
      className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4 xl:grid-cols-5"
      data-testid="gallery-grid"
    >
      {images.map((img, i) => {
        const on = picked?.includes(img.id) ?? false;
        return (
          <li
            key={img.id}
            data-testid="gallery-item"
            data-profile={img.profile}
            data-image-id={img.id}
          >
            <button
              type="button"
              onClick={() => (picked ? onPick(img.id) : onOpen(i))}
              aria-pressed={picked ? on : undefined}
              aria-label={`${picked ? 'Pick' : 'Open'} ${profileLabel(img.profile)} image: ${img.request ?? img.prompt}`}
              className={`group relative block aspect-square w-full overflow-hidden rounded-lg border bg-neutral-100 ${on ? 'border-accent-600 ring-2 ring-accent-500' : 'border-neutral-200 hover:border-neutral-400'}`}
            >
              <img
                src={img.url}
                srcSet={imagePreviewSrcSet(img.id, img.width)}
                sizes="(min-width: 1024px) 16rem, 50vw"
                alt=""
                loading="lazy"
                decoding="async"
                width={img.width}
                height={img.height}
                className="h-full w-full object-cover transition-transform group-hover:scale-[1.02]"
              />
              <span className="absolute top-1.5 left-1.5 rounded bg-black/65 px-1.5 py-0.5 text-[11px] font-medium text-white">
                {profileLabel(img.profile)}
              </span>
              {img.review ? (
                <span
                  data-testid="gallery-item-review"
                  className={`absolute bottom-1.5 left-1.5 rounded px-1.5 py-0.5 text-[11px] font-medium text-white ${img.review.verdict === 'approved' ? 'bg-emerald-700' : 'bg-red-700'}`}
                >
                  {img.review.verdict === 'approved' ? '✓ Approved' : '✕ Rejected'}
                </span>
              ) : null}
              {img.counterpart ? (
                <span className="absolute top-1.5 right-1.5 rounded bg-white/85 px-1.5 py-0.5 text-[11px] font-medium text-neutral-800">
                  + {profileLabel(img.counterpart.profile)}
                </span>
              ) : null}
            </button>
            <p className="mt-1 truncate text-xs text-neutral-700" title={img.request ?? img.prompt}>
              {img.request ?? img.prompt}
            </p>
            <p className="truncate text-[11px] text-neutral-500">
              {img.model.label} · {img.width}×{img.height}
            </p>
          </li>
        );
      })}
    </ul>
  );
}
