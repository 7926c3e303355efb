// PDF pages as images for the viewer: drawn on first request in the parse worker, then kept under
// uploads/pages/ by the PDF's content address, so a page is drawn once whoever asks.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../db/client';
import type { Principal } from '../conversations/service';
import { AppError } from '../errors';
import { ingestLimits } from '../ingest/limits';
import { readers } from '../ingest/protocol';
import { blobAbsPath } from '../storage/blobs';
import { loadReference } from './access';
import { pdfSummary } from './excerpt';
import { blobPathOf } from './store';

/** Wide enough for a sharp page in the viewer at 2× on a laptop screen. */
export const PAGE_IMAGE_WIDTH = 1200;
const PAGE_TIMEOUT_MS = 20_000;

const cachePath = (sha256: string, page: number) => blobAbsPath(path.join('pages', sha256.slice(0, 2), sha256, `${page}-w${PAGE_IMAGE_WIDTH}.png`));

export async function pdfPageImage(db: Db, who: Principal, id: string, page: number): Promise<string> {
  const r = await loadReference(db, who, id, 'viewer');
  if (r.kind !== 'pdf') throw new AppError('bad_request', `${r.name} is a ${r.kind.toUpperCase()}; it has no pages`);
  const { pages } = pdfSummary(r);
  if (page > pages) throw new AppError('bad_request', `${r.name} has pages 1–${pages}; there is no page ${page}`);
  const target = cachePath(r.sha256, page);
  if (await fs.stat(target).then((s) => s.size > 0, () => false)) return target;
  const png = await readers().pageImage({
    kind: 'pdf-page',
    path: blobAbsPath(blobPathOf(r)),
    page,
    width: PAGE_IMAGE_WIDTH,
    limits: ingestLimits({ timeoutMs: PAGE_TIMEOUT_MS }),
  });
  // Written beside its final name and renamed: a reader never sees half an image.
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  await fs.writeFile(tmp, png);
  await fs.rename(tmp, target);
  return target;
}
