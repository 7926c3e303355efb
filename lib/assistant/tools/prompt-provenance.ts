// A generate_image prompt's provenance: the reference facts and search citations the model had read
// when it wrote it, each located in the stored passages it came from and given the phrases of the
// prompt the writer said it shaped.
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
import { attribute, citeNumbers, contains, type PromptClaim } from './prompt-attribution';
import { factsOf } from './reference-facts';
import type { SearchWebResult } from './search-web';
import type { SourceResult } from './turn-sources';

/** Whether any of `needles` is in the prompt word for word (case and spacing aside). */
const quoted = (prompt: string, needles: string[]) => needles.some((n) => contains(prompt, n));

type Found<T> = Array<{ target: T; text: string }>;

async function referencePassages(
  db: Db,
  reads: SourceResult[],
  prompt: string,
): Promise<Found<Omit<ReferencePassage, 'shaped'>>> {
  const items = reads.flatMap((r) => (r.tool === 'read_reference' ? r.output.references : []));
  if (!items.length) return [];
  const rows = await db
    .select()
    .from(references)
    .where(inArray(references.id, [...new Set(items.map((i) => i.id))]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: Found<Omit<ReferencePassage, 'shaped'>> = [];
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
        text: fact.text,
        target: {
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
        },
      });
    }
  }
  return out;
}

async function searchCitations(
  db: Db,
  reads: SourceResult[],
  prompt: string,
): Promise<Found<Omit<SearchCitation, 'shaped'>>> {
  const runs: SearchWebResult[] = reads.flatMap((r) => (r.tool === 'search_web' ? [r.output] : []));
  const chunksById = await citedChunks(
    db,
    runs.flatMap((r) => r.citations.map((c) => c.chunkId)),
  );
  return runs.flatMap((run) =>
    run.citations.flatMap((c): Found<Omit<SearchCitation, 'shaped'>> => {
      const chunk = chunksById.get(c.chunkId);
      if (!chunk) return []; // its source deleted since
      return [
        {
          text: c.passage,
          target: {
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
        },
      ];
    }),
  );
}

/**
 * `claims`: the writer's own account of which phrase came from which citation; `[n]` names a
 * citation of the latest search it was given, a reference label the facts shown with it.
 */
export async function promptProvenance(
  db: Db,
  seen: SourceResult[],
  prompt: string,
  claims: PromptClaim[] = [],
): Promise<PromptProvenance> {
  const refs = await referencePassages(db, seen, prompt);
  const cits = await searchCitations(db, seen, prompt);
  const latestRun = seen.flatMap((s) => (s.tool === 'search_web' ? [s.output.runId] : [])).at(-1);
  const numbered = claims.filter((c) => citeNumbers(c.cite).length);
  const bySearch = attribute(
    numbered,
    cits,
    (c, cite) => c.runId === latestRun && citeNumbers(cite).includes(c.n),
    prompt,
  );
  const byRef = attribute(
    claims.filter((c) => !numbered.includes(c)),
    refs,
    (r, cite) => r.cite === cite,
    prompt,
  );
  const unresolved = [...bySearch.unresolved, ...byRef.unresolved];
  return PromptProvenance.parse({
    references: refs.map(({ target }) => ({ ...target, shaped: byRef.shaped.get(target) ?? [] })),
    citations: cits.map(({ target }) => ({ ...target, shaped: bySearch.shaped.get(target) ?? [] })),
    ...(unresolved.length ? { unresolved } : {}),
  });
}
