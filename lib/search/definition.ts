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
 * The subject's terms the unit defines, with the share of what it defines that they make up (none
 * when the unit is no definition): `A workspace is …` defines {cargo, workspace}'s "workspace" and
 * nothing else, 1; `The workspace root is …`, 0.5.
 */
export function definedBy(text: string, subject: Set<string>): { terms: string[]; share: number } {
  const m = DEFINES.exec(text);
  const defined = m ? keyTerms(m[1]) : new Set<string>();
  const terms = [...defined].filter((t) => subject.has(t));
  return { terms, share: defined.size ? terms.length / defined.size : 0 };
}

/** The innermost heading of a path `A › B › C` is made only of the subject's terms. */
export function headedBySubject(heading: string | null, subject: Set<string>): Set<string> {
  const inner = keyTerms(heading?.split(' › ').pop() ?? '');
  return inner.size && [...inner].every((t) => subject.has(t)) ? inner : new Set();
}
