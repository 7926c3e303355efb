import type { Db } from '../../db/client';
import { contentDisposition } from '../ingest/names';
import { existingBlob } from '../storage/blobs';
import type { Principal } from '../workspaces/access';
import { loadReference } from './access';
import { blobPathOf } from './store';

/**
 * The stored bytes of a reference, for members of its workspace. PNGs may be shown inline; PDFs and
 * CSVs are always downloads (a PDF viewer or a text renderer is code we do not want run on them).
 */
export async function referenceFile(db: Db, who: Principal, id: string) {
  const r = await loadReference(db, who, id, 'viewer');
  const path = await existingBlob(blobPathOf(r), 'reference file');
  return {
    path,
    mime: r.mime,
    bytes: r.bytes,
    disposition: contentDisposition(r.kind === 'png' ? 'inline' : 'attachment', r.name),
  };
}
