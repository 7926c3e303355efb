// The smallest pieces a fact is stated in: a sentence, a list item, a table or CSV row. Passages are
// stored larger (a paragraph group, a PDF page's piece, fifty CSV rows); ranking and citations work
// on these units inside them, so the cited range is the statement itself, never half of it.
import { sentences } from './terms';

export type UnitKind = 'sentence' | 'item' | 'row';
export type Unit = { start: number; end: number; kind: UnitKind };

export const BULLET = /^\s*(?:[•▪◦‣∙·*–-]|\d{1,3}[.)]\s|[a-z][.)]\s)/;
const ENDS_STATEMENT = /[.!?:;]["'”’)\]]*$/;
/** A table row as the HTML extractor writes it (`| cell | cell |`), or a Markdown one. */
const TABLE_ROW = /^\|.*\|$/;
/** A contents or index line of a PDF: `Header file libtasn1.h. . . . . . 4`. It states nothing. */
const LEADER_LINE = /(?:\.\s?){4,}\s*[\divxlc]+$/i;

/**
 * How long a unit may be: the learner quotes a unit whole, so an item longer than this is cut into
 * its sentences; and how short: a shorter one is a label or a line of code, not a statement.
 */
export const UNIT_SIZE = { minChars: 20, minWords: 4, maxChars: 600 } as const;

/**
 * A unit the answer may quote: long enough to state something and short enough to quote, and a
 * complete statement. Titles, running heads of a PDF ("Chapter 2: ASN.1 structure handling 3"),
 * menu entries and teaser links carry no claim: a sentence or list item ends like one, or defines
 * a term (`name — what it does`); a row stands as it is and needs no count of words. In a
 * reference (`opts.reference`: a brief the team wrote, not a site's menus) a list item states a
 * requirement without a full stop ("- Logo must stay in the top left corner").
 */
export function quotable(
  text: string,
  kind: UnitKind,
  opts: { reference?: boolean } = {},
): boolean {
  if (text.length < UNIT_SIZE.minChars || text.length > UNIT_SIZE.maxChars) return false;
  if (kind === 'row') return true;
  if (text.split(/\s+/).length < UNIT_SIZE.minWords) return false;
  if (kind === 'item' && opts.reference) return true;
  return /[.!?]["'”’)]*$/.test(text) || /\S \u2014 \S/.test(text);
}

/**
 * Units of `text`. `rows`: every line is a row (a CSV passage). Otherwise blocks are separated by
 * blank lines; inside a block, a line break that only wraps prose (a PDF's line ends) is read as a
 * space, while one before a bullet or after a finished statement ends the unit; a table row is one
 * unit, a list item too (its sentences often lean on each other: "X keeps a cache. By default these
 * are stored under Y.") unless it is too long to quote; the rest is cut into sentences.
 */
export function units(text: string, opts: { rows?: boolean } = {}): Unit[] {
  if (opts.rows) return lines(text, 0, text.length).map((l) => ({ ...l, kind: 'row' }));
  const out: Unit[] = [];
  let from = 0;
  for (const m of [...text.matchAll(/\n[ \t]*\n\s*/g), null]) {
    const to = m ? m.index : text.length;
    out.push(...blockUnits(text, from, to));
    if (m) from = m.index + m[0].length;
  }
  return out;
}

function blockUnits(text: string, from: number, to: number): Unit[] {
  const ls = lines(text, from, to);
  const width = Math.max(0, ...ls.map((l) => l.end - l.start));
  // Runs of lines that wrap one piece of prose; a bullet or a finished statement starts a new run.
  const runs: Array<{ start: number; end: number; kind: UnitKind | 'leader' }> = [];
  for (const [i, l] of ls.entries()) {
    const line = text.slice(l.start, l.end);
    if (LEADER_LINE.test(line)) {
      runs.push({ start: l.start, end: l.end, kind: 'leader' });
      continue;
    }
    const prev = i > 0 ? text.slice(ls[i - 1].start, ls[i - 1].end) : '';
    const run = runs[runs.length - 1];
    const kind = TABLE_ROW.test(line) ? 'row' : BULLET.test(line) ? 'item' : 'sentence';
    if (
      (run?.kind === 'sentence' || run?.kind === 'item') &&
      kind === 'sentence' &&
      !ENDS_STATEMENT.test(prev) &&
      wraps(prev, line, width)
    )
      run.end = l.end;
    else runs.push({ start: l.start, end: l.end, kind });
  }
  return runs.flatMap((r): Unit[] => {
    if (r.kind === 'leader') return [];
    if (r.kind === 'row' || (r.kind === 'item' && r.end - r.start <= UNIT_SIZE.maxChars))
      return [{ start: r.start, end: r.end, kind: r.kind }];
    // Line breaks read as spaces (same length, so offsets carry over), then cut into sentences.
    const flat = text.slice(r.start, r.end).replace(/\n/g, ' ');
    const parts = sentences(flat);
    return withFollowers(flat, parts).map((s, i) => ({
      start: r.start + s.start,
      end: r.start + s.end,
      kind: r.kind === 'item' && i === 0 ? 'item' : 'sentence',
    }));
  });
}

/**
 * A sentence whose opening refers back states its fact only with the sentence it points to: `This
 * also initializes a git repository.`, `If you don't want it to do that, pass --vcs none.`, `After
 * installing this file, the application MUST run …`. It opens with a pronoun or demonstrative, or
 * with a subordinate clause (`if`, `after`, `to` …) that holds one.
 */
const PRONOUN = /^(?:this|these|those|it|its|they|them|their|such|that)$/i;
const OPENS_BACK = /^(?:this|these|those|it|its|they|their|such|that|otherwise|instead)$/i;
const SUBORDINATE = /^(?:if|when|after|before|once|unless|until|while|to|in|for|with)$/i;
const LEAN_WINDOW = 8;

export function leansBack(sentence: string): boolean {
  const [first = '', ...rest] = sentence.match(/[\p{L}']+/gu) ?? [];
  if (OPENS_BACK.test(first)) return true;
  return SUBORDINATE.test(first) && rest.slice(0, LEAN_WINDOW - 1).some((w) => PRONOUN.test(w));
}

/**
 * Sentences as units, except one that leans back, which comes only with the sentences it leans on:
 * each sentence that stands alone is a unit, and so is that sentence with the ones leaning on it,
 * if that is short enough to quote (else each is a unit of its own). The two overlap: ranking
 * keeps the better.
 */
function withFollowers(text: string, parts: Array<{ start: number; end: number }>) {
  const out: Array<{ start: number; end: number; joined: boolean }> = [];
  for (const [i, p] of parts.entries()) {
    const last = out[out.length - 1];
    if (i > 0 && last && leansBack(text.slice(p.start, p.end))) {
      // Extend the joined unit of the sentence it leans on, or start one.
      if (last.joined) last.end = p.end;
      else out.push({ start: last.start, end: p.end, joined: true });
    } else out.push({ ...p, joined: false });
  }
  // A joined unit too long to quote gives way to its sentences, each on its own.
  return out.flatMap((u) =>
    !u.joined
      ? [u]
      : u.end - u.start <= UNIT_SIZE.maxChars
        ? [u]
        : parts.filter((p) => p.start > u.start && p.end <= u.end),
  );
}

/**
 * A line break inside prose: the line before fills most of the block's width (a heading or a
 * paragraph's last line does not) and the sentence goes on (lower case, a digit, a bracket…); or,
 * whatever its length, the line before ends mid-phrase and the next goes on in lower case.
 */
function wraps(prev: string, next: string, width: number): boolean {
  if (/[\p{L},]$/u.test(prev) && /^\p{Ll}/u.test(next)) return true;
  if (prev.length < Math.max(30, width * 0.6)) return false;
  return /^[\p{Ll}\d("'“‘<$/_-]/u.test(next) || /[\p{L},-]$/u.test(prev);
}

function lines(text: string, from: number, to: number): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let at = from;
  while (at < to) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 || nl > to ? to : nl;
    const raw = text.slice(at, end);
    const s = at + (raw.length - raw.trimStart().length);
    const e = end - (raw.length - raw.trimEnd().length);
    if (e > s) out.push({ start: s, end: e });
    at = end + 1;
  }
  return out;
}

/** A CSV passage (its heading names rows): each line is a row. */
export const isRowsHeading = (heading: string | null) => !!heading && /\brows? \d/.test(heading);
