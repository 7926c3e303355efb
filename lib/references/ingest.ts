import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import type { Db } from '../../db/client';
import { type IngestLimits, ingestLimits } from '../ingest/limits';
import { extensionOf, sanitizeName } from '../ingest/names';
import { readers } from '../ingest/protocol';
import { sniffKind } from '../ingest/sniff';
import { discardStaged, type StagedBlob, stageBlob } from '../storage/blobs';
import type { Principal } from '../workspaces/access';
import type { Target } from './access';
import { PassageDrafts } from './passage-drafts';
import { commitReference, findDuplicate } from './store';
import { type ReferenceView, referenceView } from './view';

const HEAD_BYTES = 64 * 1024;

export type IngestStep = { step: 'receiving' | 'parsing' | 'storing'; name: string; kind?: string };

export type IngestInput = {
  target: Target;
  /** The name the file came with (a multipart filename, a CLI path's base name). */
  name: string;
  /** The file's bytes, or the file already staged (an upload), which the ingest then owns. */
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array> | StagedBlob;
  limits?: Partial<IngestLimits>;
  onProgress?: (p: IngestStep) => void;
};

export type Ingested = { reference: ReferenceView; deduplicated: boolean };

async function readHead(path: string): Promise<Buffer> {
  const fh = await fs.open(path, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * One file in: staged (hashed, size-capped), kind sniffed from its bytes, parsed in a worker whose
 * passages are indexed as drafts while it reads, then stored with its row, passages and audit event
 * in one transaction. A refusal at any step leaves no row, draft or file. The same bytes already
 * attached at the same place return that reference.
 */
export async function ingestReference(
  db: Db,
  who: Principal,
  input: IngestInput,
): Promise<Ingested> {
  const limits = ingestLimits(input.limits);
  const given = 'tmpPath' in input.source ? input.source : null;
  let cleanName: string;
  try {
    cleanName = sanitizeName(input.name);
  } catch (err) {
    if (given) await discardStaged(given);
    throw err;
  }
  const progress = (step: IngestStep['step'], kind?: string) =>
    input.onProgress?.({ step, name: cleanName || input.name, kind });
  progress('receiving');
  const staged =
    given ??
    (await stageBlob(input.source as Exclude<IngestInput['source'], StagedBlob>, limits.maxBytes));
  try {
    const sniffed = sniffKind(await readHead(staged.tmpPath), cleanName);
    const name = extensionOf(cleanName) ? cleanName : `${cleanName || 'reference'}${sniffed.ext}`;
    const existing = await findDuplicate(db, input.target, staged.sha256);
    if (existing) return { reference: referenceView(existing), deduplicated: true };
    progress('parsing', sniffed.kind);
    const drafts = new PassageDrafts(db, randomUUID(), name);
    try {
      const parsed = await readers().parse(
        { kind: sniffed.kind, path: staged.tmpPath, encoding: sniffed.encoding, limits },
        drafts.add,
      );
      progress('storing', sniffed.kind);
      const { row, deduplicated } = await commitReference(db, who, {
        target: input.target,
        staged,
        sniffed,
        name,
        parsed,
        drafts,
      });
      if (deduplicated) await drafts.discard();
      return { reference: referenceView(row), deduplicated };
    } catch (err) {
      await drafts.discard();
      throw err;
    }
  } finally {
    await discardStaged(staged);
  }
}
