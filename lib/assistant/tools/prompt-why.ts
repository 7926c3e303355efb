// "Why this prompt": the phrases of a rendered prompt that cited facts gave it, part by part, with
// the search citations and reference labels behind each; what the chat shows under the image.
import type { PromptPart, PromptProvenance } from '../../jobs/provenance';

export type PromptWhy = {
  part: PromptPart;
  phrase: string;
  search: Array<{ runId: string; n: number }>;
  references: string[];
};

const ORDER: PromptPart[] = ['subject', 'style', 'palette', 'typography', 'text'];

/** Only phrases found in the prompt: a claim the prompt does not bear out explains nothing. */
export function promptWhy(p: PromptProvenance): PromptWhy[] {
  const rows = new Map<string, PromptWhy>();
  const row = (part: PromptPart, phrase: string) => {
    const key = `${part}\u0000${phrase.toLowerCase()}`;
    const found = rows.get(key) ?? { part, phrase, search: [], references: [] };
    rows.set(key, found);
    return found;
  };
  for (const c of p.citations)
    for (const s of c.shaped)
      if (s.inPrompt) row(s.part, s.phrase).search.push({ runId: c.runId, n: c.n });
  for (const r of p.references)
    for (const s of r.shaped)
      if (s.inPrompt && !row(s.part, s.phrase).references.includes(r.cite))
        row(s.part, s.phrase).references.push(r.cite);
  return [...rows.values()].sort((a, b) => ORDER.indexOf(a.part) - ORDER.indexOf(b.part));
}
