// Images derived from a reference for the viewer and the panel: PDF pages and thumbnails. Drawn on
// first request in the parse worker (never on the ingest path), then kept under uploads/derived/ by
// the source's content address, so each is drawn once whoever asks.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../db/client';
import { ingestLimits } from '../ingest/limits';
import { readers } from '../ingest/protocol';
import { withRenderSlot } from '../quotas/renders';
import { blobAbsPath, derivedRelDir, existingBlob } from '../storage/blobs';
import type { Principal } from '../workspaces/access';
import { loadReference, type ReferenceRow } from './access';
import { checkPage, wrongKind } from './excerpt';
import { blobPathOf } from './store';

/** Wide enough for a sharp page in the viewer at 2× on a laptop screen. */
export const PAGE_IMAGE_WIDTH = 1200;
export const THUMBNAIL_SIZE = 160;
const DRAW_TIMEOUT_MS = 20_000;

const derivedPath = (sha256: string, name: string) =>
  blobAbsPath(path.join(derivedRelDir(sha256), name));

export type DerivedImage = { path: string; bytes: number };

const limits = () => ingestLimits({ timeoutMs: DRAW_TIMEOUT_MS });

/** Images being drawn, by target path: whoever asks for one while it is drawn waits for that drawing. */
const drawing = new Map<string, Promise<DerivedImage>>();

/**
 * The cached image `name` drawn from `r`'s stored file, drawn by `draw` when it is not there yet,
 * within `who`'s render limits. A missing file is a 404 (never a reader's error naming a server
 * path); a file removed while the image was drawn (its reference deleted) takes the new image with it.
 */
async function cached(
  db: Db,
  who: Principal,
  r: ReferenceRow,
  name: string,
  draw: (source: string) => Promise<Uint8Array>,
): Promise<DerivedImage> {
  const target = derivedPath(r.sha256, name);
  const size = await fs.stat(target).then(
    (s) => s.size,
    () => 0,
  );
  if (size > 0) return { path: target, bytes: size };
  const joined = drawing.get(target);
  if (joined) return joined;
  return withRenderSlot(db, who, () => {
    let pending = drawing.get(target);
    if (!pending) {
      pending = drawOnce(r, target, draw).finally(() => drawing.delete(target));
      drawing.set(target, pending);
    }
    return pending;
  });
}

async function drawOnce(
  r: ReferenceRow,
  target: string,
  draw: (source: string) => Promise<Uint8Array>,
): Promise<DerivedImage> {
  const source = await existingBlob(blobPathOf(r), 'reference file');
  const png = await draw(source);
  // Written beside its final name and renamed: a reader never sees half an image.
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  await fs.writeFile(tmp, png);
  await fs.rename(tmp, target);
  await existingBlob(blobPathOf(r), 'reference file').catch(async (err: unknown) => {
    await fs.rm(target, { force: true });
    throw err;
  });
  return { path: target, bytes: png.byteLength };
}

export async function pdfPageImage(
  db: Db,
  who: Principal,
  id: string,
  page: number,
): Promise<DerivedImage> {
  const r = await loadReference(db, who, id, 'viewer');
  checkPage(r, page);
  return cached(db, who, r, `page-${page}-w${PAGE_IMAGE_WIDTH}.png`, (source) =>
    readers().pageImage({
      kind: 'pdf-page',
      path: source,
      page,
      width: PAGE_IMAGE_WIDTH,
      limits: limits(),
    }),
  );
}

export async function referenceThumbnail(
  db: Db,
  who: Principal,
  id: string,
): Promise<DerivedImage> {
  const r = await loadReference(db, who, id, 'viewer');
  if (r.kind === 'csv') throw wrongKind(r, 'preview image');
  const of = r.kind;
  return cached(db, who, r, `thumb-${THUMBNAIL_SIZE}.png`, (source) =>
    readers().thumbnail({
      kind: 'thumbnail',
      of,
      path: source,
      size: THUMBNAIL_SIZE,
      limits: limits(),
    }),
  );
}
