import type { CITATION_STATUSES } from '../../db/schema';
import { termCoverage } from './terms';

export type CitationStatus = (typeof CITATION_STATUSES)[number];

export type CitationCheck = {
  n: number;
  status: CitationStatus;
  /** Share of the claim's key terms found in the cited passage (the lowest over its uses). */
  coverage: number;
  claim: string;
  missing: string[];
};

export type Thresholds = { valid: number; flagged: number };
export const DEFAULT_THRESHOLDS: Thresholds = { valid: 0.6, flagged: 0.34 };

const GROUP = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\](?:\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\])*/g;

type Use = { n: number; claim: string; groupStart: number; groupEnd: number };

/** Every `[n]` (also `[1, 2]` and `[1][2]`) with the claim it follows: the text back to the previous sentence end, line or citation. */
export function citationUses(answer: string): Use[] {
  const uses: Use[] = [];
  let boundary = 0;
  for (const m of answer.matchAll(GROUP)) {
    const groupStart = m.index;
    const groupEnd = groupStart + m[0].length;
    const claim = claimBefore(answer.slice(boundary, groupStart));
    for (const n of [...m[0].matchAll(/\d{1,3}/g)].map((x) => Number(x[0])))
      uses.push({ n, claim, groupStart, groupEnd });
    boundary = groupEnd;
  }
  return uses;
}

function claimBefore(text: string): string {
  const trimmed = text.replace(/[\s.,;:!?)]+$/, '');
  const cut = Math.max(
    trimmed.lastIndexOf('\n'),
    ...[...trimmed.matchAll(/[.!?]["'”’)]*\s/g)].map((m) => m.index + m[0].length - 1),
  );
  return trimmed
    .slice(cut + 1)
    .replace(/^[\s>*_#-]+|\*\*|__/g, '')
    .trim();
}

/**
 * Checks each citation against the passage it points to: the passage must contain the claim's key
 * terms. Below `flagged` coverage (or with no stored passage) a citation is dropped from the answer;
 * between the thresholds it stays but is flagged. Returns the answer with dropped markers removed.
 */
export function validateCitations(
  answer: string,
  passages: Map<number, string>,
  t: Thresholds = DEFAULT_THRESHOLDS,
): { answer: string; checks: CitationCheck[] } {
  const uses = citationUses(answer);
  const byN = new Map<number, CitationCheck>();
  const dropped = new Set<string>();
  for (const use of uses) {
    const passage = passages.get(use.n);
    const { coverage, missing } =
      passage === undefined ? { coverage: 0, missing: [] } : termCoverage(use.claim, passage);
    const status: CitationStatus =
      passage !== undefined && coverage >= t.valid
        ? 'valid'
        : passage !== undefined && coverage >= t.flagged
          ? 'flagged'
          : 'dropped';
    if (status === 'dropped') dropped.add(`${use.groupStart}:${use.n}`);
    const prev = byN.get(use.n);
    if (!prev || coverage < prev.coverage)
      byN.set(use.n, {
        n: use.n,
        status: worst(prev?.status, status),
        coverage,
        claim: use.claim,
        missing,
      });
    else prev.status = worst(prev.status, status);
  }
  return {
    answer: dropped.size ? rewrite(answer, uses, dropped) : answer,
    checks: [...byN.values()].sort((a, b) => a.n - b.n),
  };
}

const RANK: Record<CitationStatus, number> = { valid: 0, flagged: 1, dropped: 2 };
const worst = (a: CitationStatus | undefined, b: CitationStatus): CitationStatus =>
  a && RANK[a] > RANK[b] ? a : b;

/** Rebuilds each citation group without its dropped numbers. */
function rewrite(answer: string, uses: Use[], dropped: Set<string>): string {
  const groups = new Map<number, { end: number; keep: number[] }>();
  for (const u of uses) {
    const g = groups.get(u.groupStart) ?? { end: u.groupEnd, keep: [] };
    if (!dropped.has(`${u.groupStart}:${u.n}`)) g.keep.push(u.n);
    groups.set(u.groupStart, g);
  }
  let out = '';
  let at = 0;
  for (const [start, g] of [...groups].sort((a, b) => a[0] - b[0])) {
    let before = answer.slice(at, start);
    if (!g.keep.length) before = before.replace(/[ \t]+$/, '');
    out += before + g.keep.map((n) => `[${n}]`).join('');
    at = g.end;
  }
  return out + answer.slice(at);
}
