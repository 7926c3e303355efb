// Images derived from a reference for the viewer and the panel: PDF pages and thumbnails. Drawn on
// first request in the parse worker (never on the ingest path), then kept under uploads/derived/ by
// the source's content address, so each is drawn once whoever asks.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../db/client';
import type { Principal } from '../conversations/service';
import { ingestLimits } from '../ingest/limits';
import { readers } from '../ingest/protocol';
import { blobAbsPath, derivedRelDir, existingBlob } from '../storage/blobs';
import { loadReference, type ReferenceRow } from './access';
import { checkPage, wrongKind } from './excerpt';
import { blobPathOf } from './store';

/** Wide enough for a sharp page in the viewer at 2× on a laptop screen. */
export const PAGE_IMAGE_WIDTH = 1200;
export const THUMBNAIL_SIZE = 160;
const DRAW_TIMEOUT_MS = 20_000;

const derivedPath = (sha256: string, name: string) => blobAbsPath(path.join(derivedRelDir(sha256), name));

export type DerivedImage = { path: string; bytes: number };

/** The cached image at `target` and its size, drawn by `draw` when it is not there yet. */
async function cached(target: string, draw: () => Promise<Uint8Array>): Promise<DerivedImage> {
  const size = await fs.stat(target).then((s) => s.size, () => 0);
  if (size > 0) return { path: target, bytes: size };
  const png = await draw();
  // Written beside its final name and renamed: a reader never sees half an image.
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  await fs.writeFile(tmp, png);
  await fs.rename(tmp, target);
  return { path: target, bytes: png.byteLength };
}

const limits = () => ingestLimits({ timeoutMs: DRAW_TIMEOUT_MS });
/** The stored file to draw from; a missing one is a 404, never a reader's error naming a server path. */
const source = (r: ReferenceRow) => existingBlob(blobPathOf(r), 'reference file');

export async function pdfPageImage(db: Db, who: Principal, id: string, page: number): Promise<DerivedImage> {
  const r = await loadReference(db, who, id, 'viewer');
  checkPage(r, page);
  return cached(derivedPath(r.sha256, `page-${page}-w${PAGE_IMAGE_WIDTH}.png`), async () =>
    readers().pageImage({ kind: 'pdf-page', path: await source(r), page, width: PAGE_IMAGE_WIDTH, limits: limits() }),
  );
}

export async function referenceThumbnail(db: Db, who: Principal, id: string): Promise<DerivedImage> {
  const r = await loadReference(db, who, id, 'viewer');
  if (r.kind === 'csv') throw wrongKind(r, 'preview image');
  const of = r.kind;
  return cached(derivedPath(r.sha256, `thumb-${THUMBNAIL_SIZE}.png`), async () => readers().thumbnail({ kind: 'thumbnail', of, path: await source(r), size: THUMBNAIL_SIZE, limits: limits() }));
}
