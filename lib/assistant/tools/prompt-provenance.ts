// A generate_image prompt's provenance: the reference facts and search citations the model had read
// when it wrote it, each located in the stored passages it came from.
import { inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { references } from '../../../db/schema';
import {
  PromptProvenance,
  type ReferencePassage,
  type SearchCitation,
} from '../../jobs/provenance';
import { locateFact } from '../../references/locate';
import { citedChunks } from '../../search/store/cited-chunks';
import { factsOf } from './reference-facts';
import type { SearchWebResult } from './search-web';
import type { SourceResult } from './turn-sources';

const squash = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** Whether any of `needles` is in the prompt word for word (case and spacing aside). */
function quoted(prompt: string, needles: string[]): boolean {
  const haystack = squash(prompt);
  return needles.some((n) => squash(n).length > 0 && haystack.includes(squash(n)));
}

async function referencePassages(
  db: Db,
  reads: SourceResult[],
  prompt: string,
): Promise<ReferencePassage[]> {
  const items = reads.flatMap((r) => (r.tool === 'read_reference' ? r.output.references : []));
  if (!items.length) return [];
  const rows = await db
    .select()
    .from(references)
    .where(inArray(references.id, [...new Set(items.map((i) => i.id))]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: ReferencePassage[] = [];
  for (const item of items) {
    const row = byId.get(item.id);
    if (!row) continue; // deleted since it was read
    for (const fact of factsOf(item)) {
      if (fact.kind === 'error' || !fact.at) continue;
      const located = await locateFact(db, row, fact.at, fact.text);
      // A palette is carried into a prompt colour by colour.
      const needles =
        fact.kind === 'palette' ? (fact.text.match(/#[0-9a-f]{6}\b/gi) ?? []) : [fact.text];
      out.push({
        referenceId: row.id,
        name: row.name,
        kind: row.kind,
        sha256: row.sha256,
        fact: fact.kind,
        cite: fact.cite,
        at: fact.at,
        charStart: located?.charStart ?? null,
        charEnd: located?.charEnd ?? null,
        chunks: located?.chunks ?? [],
        quoted: quoted(prompt, needles),
      });
    }
  }
  return out;
}

async function searchCitations(
  db: Db,
  reads: SourceResult[],
  prompt: string,
): Promise<SearchCitation[]> {
  const runs: SearchWebResult[] = reads.flatMap((r) => (r.tool === 'search_web' ? [r.output] : []));
  const chunksById = await citedChunks(
    db,
    runs.flatMap((r) => r.citations.map((c) => c.chunkId)),
  );
  return runs.flatMap((run) =>
    run.citations.flatMap((c): SearchCitation[] => {
      const chunk = chunksById.get(c.chunkId);
      if (!chunk) return []; // its source deleted since
      return [
        {
          runId: run.runId,
          n: c.n,
          // Checked with the rest by PromptProvenance.parse.
          status: c.status as SearchCitation['status'],
          url: c.url,
          sourceKind: chunk.sourceKind,
          sourceId: chunk.sourceId,
          chunk: {
            id: chunk.id,
            ordinal: chunk.ordinal,
            charStart: chunk.charStart,
            charEnd: chunk.charEnd,
          },
          charStart: c.start,
          charEnd: c.end,
          textSha256: chunk.textSha256,
          fileSha256: chunk.fileSha256,
          quoted: quoted(prompt, [c.passage]),
        },
      ];
    }),
  );
}

export async function promptProvenance(
  db: Db,
  seen: SourceResult[],
  prompt: string,
): Promise<PromptProvenance> {
  return PromptProvenance.parse({
    references: await referencePassages(db, seen, prompt),
    citations: await searchCitations(db, seen, prompt),
  });
}
