import type { GalleryImage, GalleryPage } from '@/lib/gallery/types';
import { profileLabel } from './models';

export type { GalleryImage, GalleryPage };

export type GalleryScope = { workspaceId: string } | { conversationId: string };
export type GalleryFilters = { profile?: string; model?: string; review?: string };

/** The API page of a scope's images under the filters, after `cursor`. */
export function galleryUrl(scope: GalleryScope, filters: GalleryFilters, cursor?: string) {
  const q = new URLSearchParams(scope as Record<string, string>);
  if (filters.profile) q.set('profile', filters.profile);
  if (filters.model) q.set('model', filters.model);
  if (filters.review) q.set('review', filters.review);
  if (cursor) q.set('cursor', cursor);
  return `/api/images?${q}`;
}

export const imageDetailUrl = (id: string) => `/api/images/${encodeURIComponent(id)}`;
const PREVIEW_WIDTHS = [256, 512, 768];
/**
 * A WebP of an image at each width the server draws (lib/artifacts/preview.ts). Given the image's
 * own `width`, the widths past it are left out but the first: the server never enlarges, so that
 * one is the whole image.
 */
export function imagePreviewSrcSet(id: string, width = Number.POSITIVE_INFINITY) {
  const last = PREVIEW_WIDTHS.findIndex((w) => w >= width);
  return PREVIEW_WIDTHS.slice(0, last === -1 ? undefined : last + 1)
    .map((w) => `/api/artifacts/${encodeURIComponent(id)}/preview?w=${w} ${w}w`)
    .join(', ');
}
export const imageDownloadUrl = (id: string) => `/api/images/${encodeURIComponent(id)}/download`;

/** An image's metrics as labelled values, in the order the lightbox and the compare view list them. */
export function scoreRows(img: GalleryImage): Array<{ label: string; value: string }> {
  const s = img.scores;
  if (!s) return [];
  return [
    ...(s.ocr
      ? [
          { label: 'OCR accuracy', value: s.ocr.accuracy.toFixed(2) },
          { label: 'OCR read', value: `“${s.ocr.recognised}” for “${s.ocr.expected}”` },
        ]
      : []),
    ...(s.sharpness
      ? [{ label: 'Sharpness', value: String(Math.round(s.sharpness.laplacianVariance)) }]
      : []),
    ...(s.palette ? [{ label: 'Palette ΔE', value: s.palette.deltaE.toFixed(1) }] : []),
  ];
}

/** The settings that made an image, as labelled values (a grid cell's own settings win). */
export function paramRows(img: GalleryImage): Array<{ label: string; value: string }> {
  const p = { ...img.params, ...(img.cell ?? {}) };
  const rows: Array<[string, unknown]> = [
    ['Profile', profileLabel(img.profile)],
    ['Model', img.model.label],
    ['Size', `${img.width}×${img.height}`],
    ['Steps', p.steps],
    ['Guidance', p.guidance],
    ['Scheduler', p.scheduler],
    ['Seed', img.seed],
    ['Ran on', img.ep?.toUpperCase()],
  ];
  return rows
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([label, v]) => ({ label, value: String(v) }));
}
