// Questions that ask what something is ("What is a Cargo workspace?", "What does default-members
// mean?") are answered by the sentence that defines it, which seldom repeats the question's other
// words and so loses to sentences that merely mention the term often. Two signals find it: the unit
// is written as a definition of the subject (`A workspace is …`, `default-members — …`), and it sits
// in the section titled with the subject.
import { keyTerms } from './terms';

const ASKS = [
  /^\s*what\s+(?:is|are)\s+(?:an?\s+|the\s+)?(.+?)[\s?.!]*$/i,
  /^\s*what\s+(?:does|do)\s+(?:an?\s+|the\s+)?(.+?)\s+(?:mean|do)\b/i,
];

/**
 * A subject with a preposition asks for an attribute of something ("the default weight of a glob",
 * "the purpose of the lockfile"), not what a thing is; its answer is no definition.
 */
const ATTRIBUTE = /\b(?:of|in|on|for|from|to|by|with|at|between)\b/i;
const MAX_SUBJECT_TERMS = 4;

/** The key terms of what a definition question asks about, or null for any other question. */
export function definedSubject(query: string): Set<string> | null {
  for (const re of ASKS) {
    const m = re.exec(query);
    if (m && !ATTRIBUTE.test(m[1])) {
      const terms = keyTerms(m[1]);
      return terms.size && terms.size <= MAX_SUBJECT_TERMS ? terms : null;
    }
  }
  return null;
}

/** `[bullet] [article] SUBJECT is|are|means|refers to|—|: …`, the subject at most eight words. */
const DEFINES =
  /^(?:[•▪*–-]\s*)?(?:(?:an?|the)\s+)?((?:\S+\s+){0,7}?\S+?)(?:\s+(?:is|are|means|refers\s+to)\s|\s+[—–-]\s|:\s)/i;

/**
 * The subject's terms the unit is written as a definition of: `A workspace is …` defines
 * {cargo, workspace}'s "workspace". A unit defining more than the subject (`The workspace root is …`)
 * defines something else, and gives none.
 */
export function definedBy(text: string, subject: Set<string>): string[] {
  const m = DEFINES.exec(text);
  return m ? subjectTerms(m[1], subject) : [];
}

/** The terms of `words` (numbers aside) when all of them are the subject's, else none. */
function subjectTerms(words: string, subject: Set<string>): string[] {
  const terms = [...keyTerms(words)].filter((t) => !/^\d+$/.test(t));
  return terms.every((t) => subject.has(t)) ? terms : [];
}

/**
 * The subject's terms in the heading of the unit's section or page: the element of its path
 * (`Page › Section › Subsection`) with the most weight among those made only of the subject's
 * terms, numbers aside (`2.4 Glob files`, `cargo-yank(1)`); `own`: whether that is the innermost
 * element, the unit's own section.
 */
export function headedBySubject(
  heading: string | null,
  subject: Set<string>,
  weight: (terms: string[]) => number,
): { terms: string[]; own: boolean } {
  const path = heading?.split(' › ') ?? [];
  let best: { terms: string[]; own: boolean } = { terms: [], own: false };
  path.forEach((element, i) => {
    const terms = subjectTerms(element, subject);
    if (weight(terms) > weight(best.terms)) best = { terms, own: i === path.length - 1 };
  });
  return best;
}
