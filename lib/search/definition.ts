// Questions that ask what something is ("What is a Cargo workspace?", "What does default-members
// mean?") are answered by the sentence that defines it, which seldom repeats the question's other
// words and so loses to sentences that merely mention the term often. Two signals find it: the unit
// is written as a definition of the subject (`A workspace is …`, `default-members — …`), and it sits
// in the section titled with the subject. A "what does X do" question is answered by what X does
// too (`The yank command removes …`).
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

/** "What does X do?": answered by what X does (`X removes …`), not only by what X is. */
export const asksWhatItDoes = (query: string) => /^\s*what\s+(?:does|do)\s.+\s+do\b/i.test(query);

/** `[bullet] [article] SUBJECT is|are|means|refers to|—|: …`, the subject at most eight words. */
const DEFINES =
  /^(?:[•▪*–-]\s*)?(?:(?:an?|the)\s+)?((?:\S+\s+){0,7}?\S+?)(?:\s+(?:is|are|means|refers\s+to)\s|\s+[—–-]\s|:\s)/i;

/** `[article] SUBJECT verbs …` (`The yank command removes …`): what the subject does, in two to four words. */
const DOES = /^(?:(?:an?|the)\s+)?((?:\S+\s+){0,3}?\S+?)\s+(?!is\b|was\b|has\b|does\b)[a-z]{3,}s\s/;

/**
 * The subject's terms the unit is written as a definition of: `A workspace is …` defines
 * {cargo, workspace}'s "workspace". A unit defining more than the subject (`The workspace root is …`)
 * defines something else, and gives none. `does`: also a statement of what the subject does.
 */
export function definedBy(text: string, subject: Set<string>, does = false): string[] {
  const m = DEFINES.exec(text);
  const defined = m ? subjectTerms(m[1], subject) : [];
  if (defined.length || !does) return defined;
  const d = DOES.exec(text);
  return d ? subjectTerms(d[1], subject) : [];
}

/**
 * Words that say what kind of thing a name is (`the yank command`, `The default-members field`):
 * a heading or a definition naming the subject with one of them still names only the subject.
 */
const KINDS = new Set(
  `command subcommand option flag field key setting section table instruction directive variable
  attribute element property parameter function method file`
    .split(/\s+/)
    .flatMap((w) => [...keyTerms(w)]),
);

/**
 * A value's placeholder in a name (`rerun-if-changed=PATH`, `profile.<name>.panic`) is no part of
 * what it names.
 */
const PLACEHOLDER = /=\S*|<[^>\s]*>/g;

/**
 * The terms of `words` (numbers and kind words aside) when all of them are the subject's, else
 * none.
 */
function subjectTerms(words: string, subject: Set<string>): string[] {
  const terms = [...keyTerms(words.replace(PLACEHOLDER, ' '))].filter(
    (t) => !/^\d+$/.test(t) && !(KINDS.has(t) && !subject.has(t)),
  );
  return terms.every((t) => subject.has(t)) ? terms : [];
}

/**
 * The subject's terms in what the unit sits under (`contextOf`: the page's title, then its
 * headings): the element with the most weight among those made only of the subject's terms,
 * numbers and kind words aside (`2.4 Glob files`, `cargo-yank(1)`, `The default-members field`);
 * `own`: whether that is the innermost element, the unit's own section.
 */
export function headedBySubject(
  path: string[],
  subject: Set<string>,
  weight: (terms: string[]) => number,
): { terms: string[]; own: boolean } {
  let best: { terms: string[]; own: boolean } = { terms: [], own: false };
  path.forEach((element, i) => {
    const terms = subjectTerms(element, subject);
    if (weight(terms) > weight(best.terms)) best = { terms, own: i === path.length - 1 };
  });
  return best;
}
