// Smaller copies of a generated image for gallery tiles: WebP at a few fixed widths, drawn on first
// request and kept under uploads/derived/ by the image's content address, so each is drawn once
// whoever asks; it goes with the image (removeIfUnreferenced clears derived/ with the last row).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { blobAbsPath, derivedRelDir } from '../storage/blobs';
import type { Member } from '../workspaces/access';
import { loadArtifact, storedArtifact } from './service';

export const PREVIEW_WIDTHS = [256, 512, 768] as const;
export const PreviewWidth = z
  .enum(
    PREVIEW_WIDTHS.map((w) => String(w)),
    { error: `w must be one of ${PREVIEW_WIDTHS.join(', ')} (pixels)` },
  )
  .transform(Number);

/** Images being drawn, by target path: whoever asks while one is drawn waits for that drawing. */
const drawing = new Map<string, Promise<number>>();

/** The preview of image `id` at `width` (never wider than the image), for its workspace's members. */
export async function artifactPreview(db: Db, who: Member, id: string, width: number) {
  const a = await loadArtifact(db, who, id);
  const target = blobAbsPath(path.join(derivedRelDir(a.sha256), `preview-${width}.webp`));
  let bytes = await fs.stat(target).then(
    (s) => s.size,
    () => 0,
  );
  if (!bytes) {
    let pending = drawing.get(target);
    if (!pending) {
      pending = draw(await storedArtifact(a), target, width).finally(() => drawing.delete(target));
      drawing.set(target, pending);
    }
    bytes = await pending;
  }
  return { path: target, bytes, mime: 'image/webp' };
}

async function draw(source: string, target: string, width: number): Promise<number> {
  const webp = await sharp(source)
    .resize({ width, withoutEnlargement: true })
    .webp({ quality: 82 })
    .toBuffer();
  // Written beside its final name and renamed: a reader never sees half an image.
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  await fs.writeFile(tmp, webp);
  await fs.rename(tmp, target);
  return webp.byteLength;
}
