import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { artifacts } from '../../db/schema';
import { artifactRelPath } from '../artifacts/paths';
import { notFound } from '../errors';
import { existingBlob } from '../storage/blobs';
import { slug } from '../util/slug';
import { type Principal, requireAccess } from '../workspaces/access';
import { galleryImage } from './image';
import { finish } from './list';
import { imageRows } from './rows';
import type { GalleryImage, ImageFacts } from './types';

/** One stored image of a finished generation, for members of its workspace (others: 404). */
async function loadImage(db: Db, who: Principal, id: string): Promise<ImageFacts> {
  const [row] = await imageRows(db, eq(artifacts.id, id), 1);
  if (!row) throw notFound('image');
  await requireAccess(db, who, row.artifact.workspaceId, 'viewer', 'image');
  return galleryImage(row);
}

/** What the lightbox shows of one image (a link to it opened on its own), with its counterpart. */
export async function imageDetail(db: Db, who: Principal, id: string): Promise<GalleryImage> {
  const [image] = await finish(db, [await loadImage(db, who, id)]);
  return image;
}

/**
 * `atelier-<conversation>-<profile>-<seed>-<sha256 prefix>.png`: ASCII, so every browser keeps it,
 * and distinct per image, so a folder of downloads sorts by conversation and never overwrites.
 */
export function downloadName(img: ImageFacts): string {
  const parts = [
    'atelier',
    slug(img.conversation?.title ?? '') || 'image',
    img.profile,
    img.seed === null ? undefined : `seed${img.seed}`,
    img.sha256.slice(0, 12),
  ];
  return `${parts.filter(Boolean).join('-')}.png`;
}

/** The stored bytes of one image, exactly as rendered (the PNG keeps its metadata), and its name. */
export async function imageDownload(db: Db, who: Principal, id: string) {
  const img = await loadImage(db, who, id);
  const path = await existingBlob(
    artifactRelPath({ sha256: img.sha256, mime: 'image/png' }),
    'image file',
  );
  return { path, bytes: img.bytes, mime: 'image/png', filename: downloadName(img) };
}
