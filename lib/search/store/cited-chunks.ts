// What a cited passage points into: its chunk's source and the digests that pin that source's
// version (a web page's extracted text and fetched bytes; a reference's stored file).
import { createHash } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import type { SourceKind } from '../../../db/schema';
import { chunks, references, webSources } from '../../../db/schema';

export type CitedChunk = {
  id: string;
  ordinal: number;
  charStart: number;
  charEnd: number;
  sourceKind: SourceKind;
  sourceId: string;
  textSha256: string | null;
  fileSha256: string | null;
};

/** The chunks by id; ids whose chunk is gone (its source deleted) are left out. */
export async function citedChunks(db: DbOrTx, ids: string[]): Promise<Map<string, CitedChunk>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select({
      id: chunks.id,
      ordinal: chunks.ordinal,
      charStart: chunks.charStart,
      charEnd: chunks.charEnd,
      sourceKind: chunks.sourceKind,
      sourceId: chunks.sourceId,
    })
    .from(chunks)
    .where(inArray(chunks.id, [...new Set(ids)]));
  const ofKind = (kind: SourceKind) => [
    ...new Set(rows.filter((r) => r.sourceKind === kind).map((r) => r.sourceId)),
  ];
  const webIds = ofKind('web');
  const refIds = ofKind('reference');
  const pages = webIds.length
    ? await db
        .select({ id: webSources.id, text: webSources.text, sha256: webSources.sha256 })
        .from(webSources)
        .where(inArray(webSources.id, webIds))
    : [];
  const files = refIds.length
    ? await db
        .select({ id: references.id, sha256: references.sha256 })
        .from(references)
        .where(inArray(references.id, refIds))
    : [];
  const digests = new Map<string, { textSha256: string | null; fileSha256: string | null }>([
    ...pages.map(
      (p) =>
        [
          p.id,
          { textSha256: createHash('sha256').update(p.text).digest('hex'), fileSha256: p.sha256 },
        ] as const,
    ),
    ...files.map((f) => [f.id, { textSha256: null, fileSha256: f.sha256 }] as const),
  ]);
  return new Map(
    rows.map((r) => [
      r.id,
      { ...r, ...(digests.get(r.sourceId) ?? { textSha256: null, fileSha256: null }) },
    ]),
  );
}
