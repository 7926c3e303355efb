// Which phrase of an image prompt came from which cited fact, as the prompt's writer declared it in
// generate_image's `grounding`, attached to the facts it names with two checks of our own: the phrase
// is in the prompt, and it is in the fact's text.
import { z } from 'zod';
import { PromptPart } from '../../jobs/provenance';

export const PromptClaim = z.object({
  part: PromptPart,
  phrase: z.string().trim().min(1).max(200),
  cite: z.string().trim().min(1).max(200),
});
export type PromptClaim = z.infer<typeof PromptClaim>;
export type Shaped = { part: PromptPart; phrase: string; inPrompt: boolean; inSource: boolean };

const squash = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** Whether `needle` is in `haystack` word for word (case and spacing aside). */
export const contains = (haystack: string, needle: string) =>
  squash(needle).length > 0 && squash(haystack).includes(squash(needle));

/** The search citation numbers a label names: `[2]`, `[2][3]`, `[2, 3]`; none for a reference label. */
export function citeNumbers(label: string): number[] {
  if (!/^(?:\[\d{1,3}(?:\s*,\s*\d{1,3})*\])+$/.test(label.trim())) return [];
  return [...label.matchAll(/\d{1,3}/g)].map((m) => Number(m[0]));
}

/**
 * Gives each claim to the targets its label names, preferring those whose text holds the phrase
 * (several reference facts share a label such as `[brief.pdf p.2]`); a claim that names none is
 * returned as unresolved.
 */
export function attribute<T>(
  claims: PromptClaim[],
  targets: Array<{ target: T; text: string }>,
  names: (target: T, cite: string) => boolean,
  prompt: string,
): { shaped: Map<T, Shaped[]>; unresolved: PromptClaim[] } {
  const shaped = new Map<T, Shaped[]>();
  const unresolved: PromptClaim[] = [];
  for (const claim of claims) {
    const named = targets.filter((t) => names(t.target, claim.cite));
    if (!named.length) {
      unresolved.push(claim);
      continue;
    }
    const holding = named.filter((t) => contains(t.text, claim.phrase));
    for (const t of holding.length ? holding : named.slice(0, 1)) {
      const list = shaped.get(t.target) ?? [];
      list.push({
        part: claim.part,
        phrase: claim.phrase,
        inPrompt: contains(prompt, claim.phrase),
        inSource: holding.length > 0,
      });
      shaped.set(t.target, list);
    }
  }
  return { shaped, unresolved };
}
