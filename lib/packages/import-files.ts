// The files an import brings: images as content-addressed blobs, and reference files read again by
// the parse workers (their summaries and passages are not in the package). All of it is written
// before the import's transaction; `discard` removes what no committed row came to name.
import type { Db, Tx } from '../../db/client';
import { AppError } from '../errors';
import type { Manifest } from '../export/manifest';
import { ingestLimits } from '../ingest/limits';
import { sanitizeName } from '../ingest/names';
import { readers } from '../ingest/protocol';
import { type Sniffed, sniffKind } from '../ingest/sniff';
import type { ParseResult } from '../ingest/types';
import type { Target } from '../references/access';
import { PassageDrafts } from '../references/passage-drafts';
import { insertReference, removeIfUnreferenced } from '../references/store';
import { lockBlob } from '../storage/blob-lock';
import {
  discardStaged,
  ensureBlob,
  placeStaged,
  putBlob,
  type StagedBlob,
  type StoredBlob,
  stageBlob,
} from '../storage/blobs';
import type { Principal } from '../workspaces/access';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

type ReferenceEntry = Manifest['references'][number];

type ReadReference = {
  name: string;
  staged: StagedBlob;
  sniffed: Sniffed;
  parsed: ParseResult;
  drafts: PassageDrafts;
  placed?: StoredBlob;
};

export class ImportFiles {
  private readonly images = new Map<string, { stored: StoredBlob; data: Buffer }>();
  private readonly refs: ReadReference[] = [];

  constructor(private readonly db: Db) {}

  /** Each image's bytes under their content address (equal bytes already stored are kept as they are). */
  async putImages(manifest: Manifest, entries: Map<string, Buffer>): Promise<void> {
    for (const a of manifest.artifacts) {
      if (this.images.has(a.sha256)) continue;
      const data = entries.get(a.path)!;
      if (!data.subarray(0, 8).equals(PNG_SIGNATURE))
        throw new AppError('bad_request', `package refused: image ${a.path} is not a PNG`);
      this.images.set(a.sha256, { stored: await putBlob(data, '.png'), data });
    }
  }

  /** A reference's file, staged and read by the parse workers as an upload is; `id` is its new id. */
  async readReference(ref: ReferenceEntry, data: Buffer, id: string): Promise<void> {
    const name = sanitizeName(ref.name) || `reference-${ref.sha256.slice(0, 12)}`;
    const staged = await stageBlob([data], Number.POSITIVE_INFINITY);
    const drafts = new PassageDrafts(this.db, id, name);
    try {
      const sniffed = sniffKind(data.subarray(0, 64 * 1024), name);
      if (sniffed.kind !== ref.kind)
        throw new AppError(
          'bad_request',
          `package refused: reference ${ref.path} is ${sniffed.kind}, not the ${ref.kind} its manifest says`,
        );
      const parsed = await readers().parse(
        {
          kind: sniffed.kind,
          path: staged.tmpPath,
          encoding: sniffed.encoding,
          limits: ingestLimits(),
        },
        drafts.add,
      );
      await drafts.flush();
      this.refs.push({ name, staged, sniffed, parsed, drafts });
    } catch (err) {
      await drafts.discard();
      await discardStaged(staged);
      throw err;
    }
  }

  /** Inside the import's transaction: every image is at its address, under its blob's lock. */
  async holdImages(tx: Tx): Promise<Map<string, StoredBlob>> {
    for (const { stored, data } of this.images.values()) {
      await lockBlob(tx, stored.sha256);
      await ensureBlob(stored, data);
    }
    return new Map([...this.images].map(([sha, v]) => [sha, v.stored]));
  }

  /** Inside the import's transaction: the reference rows, their passages and their files. */
  async insertReferences(tx: Tx, who: Principal, target: Target): Promise<number> {
    for (const r of this.refs) {
      await lockBlob(tx, r.staged.sha256);
      r.placed = await placeStaged(r.staged, r.sniffed.ext);
      await insertReference(tx, who, { ...r, target });
    }
    return this.refs.length;
  }

  /** After a failed import: drafts, staged files and every blob no row names are removed. */
  async discard(): Promise<void> {
    for (const r of this.refs) {
      await r.drafts.discard().catch(() => undefined);
      if (r.placed)
        await removeIfUnreferenced(this.db, r.placed.sha256, r.placed.relPath).catch(
          () => undefined,
        );
    }
    for (const { stored } of this.images.values())
      await removeIfUnreferenced(this.db, stored.sha256, stored.relPath).catch(() => undefined);
    await this.release();
  }

  /** Staged files that were not placed (placing moves them). */
  async release(): Promise<void> {
    for (const r of this.refs) await discardStaged(r.staged);
  }
}
