// What a creative brief says, found by its wording: the headline and the requirements, with pages.
// A PDF may be read in parts by several workers: each part is scanned on its own (`scanBrief`) and
// the parts combined in page order (`combineBrief`) give what one scan of the whole would.
import type { BriefPart } from './types';

export type PageText = { page: number; text: string };
export type Located = { text: string; page: number };

const HEADLINE =
  /^\s*(?:headline|title|tagline|key message|main message)\s*[:：–—-]\s*(.{2,200})$/i;
const REQUIREMENTS_HEADING =
  /^\s*(?:requirements?|must[- ]haves?|mandatories|deliverables|specs?|specifications|guidelines|do's and don'ts)\b[^.]{0,40}:?\s*$/i;
const BULLET = /^\s*(?:[-–—•*·▪◦]|\d{1,2}[.)])\s+(.{2,300})$/;
const MUST = /\b(?:must|required|mandatory|always|never)\b/i;
/** A sentence that asks for research is a requirement too: it is what makes a turn search first. */
const RESEARCH =
  /^\s*(?:please\s+)?(?:research|look up|look into|find out|investigate|check (?:the )?(?:current|latest))\b/i;
const MAX_REQUIREMENTS = 12;

const clean = (s: string) =>
  s
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^["“”']+|["“”']+$/g, '');

function linesOf(pages: PageText[]): Located[] {
  return pages.flatMap((p) => p.text.split('\n').map((text) => ({ text, page: p.page })));
}

/**
 * Each list keeps at most this many distinct entries: a combine takes 12, and at most 11 entries
 * of a later list can repeat ones taken before it.
 */
const KEEP = 2 * MAX_REQUIREMENTS;

function distinct(): { list: Located[]; add: (text: string, page: number) => void } {
  const list: Located[] = [];
  const seen = new Set<string>();
  const add = (text: string, page: number) => {
    const t = clean(text);
    if (t.length < 3 || seen.has(t.toLowerCase()) || list.length >= KEEP) return;
    seen.add(t.toLowerCase());
    list.push({ text: t, page });
  };
  return { list, add };
}

export function scanBrief(pages: PageText[]): BriefPart {
  const lines = linesOf(pages);
  let headline: Located | null = null;
  for (const l of lines) {
    const m = HEADLINE.exec(l.text);
    if (m) {
      headline = { text: clean(m[1]), page: l.page };
      break;
    }
  }
  const first = lines.find((l) => l.text.trim().length >= 3 && l.text.trim().length <= 100);
  const bullets = distinct();
  const leading = distinct();
  const musts = distinct();
  /** Index of the first line after the bullet run that starts at `from`. */
  const runEnd = (from: number, onBullet: (text: string, page: number) => void) => {
    let j = from;
    for (; j < lines.length; j++) {
      const m = BULLET.exec(lines[j].text);
      if (m) onBullet(m[1], lines[j].page);
      else if (lines[j].text.trim() !== '') break;
    }
    return j;
  };
  const leadingEnd = runEnd(0, leading.add);
  let openAtEnd = false;
  for (let i = 0; i < lines.length; i++) {
    if (!REQUIREMENTS_HEADING.test(lines[i].text)) continue;
    if (runEnd(i + 1, bullets.add) === lines.length) openAtEnd = true;
  }
  for (const l of lines)
    if (
      (MUST.test(l.text) || RESEARCH.test(l.text)) &&
      l.text.length <= 300 &&
      !HEADLINE.test(l.text)
    )
      musts.add(BULLET.exec(l.text)?.[1] ?? l.text, l.page);
  return {
    headline,
    firstLine: first ? { text: clean(first.text), page: first.page } : null,
    bullets: bullets.list,
    leading: leading.list,
    onlyBullets: leadingEnd === lines.length,
    openAtEnd,
    musts: musts.list,
  };
}

/**
 * The headline: a "Headline: …" line, else the document's title, else its first short line. The
 * requirements: bullets under a requirements heading, then sentences that say "must" or ask for
 * research ("Research current banner typography.") (deduplicated, at most 12). `parts` in page order.
 */
export function combineBrief(
  parts: BriefPart[],
  title: string | null,
): { headline: Located | null; requirements: Located[] } {
  const explicit = parts.find((p) => p.headline)?.headline;
  const headline =
    explicit ??
    (title?.trim()
      ? { text: clean(title), page: 1 }
      : (parts.find((p) => p.firstLine)?.firstLine ?? null));
  const requirements: Located[] = [];
  const seen = new Set<string>();
  const push = (items: Located[]) => {
    for (const item of items) {
      const key = item.text.toLowerCase();
      if (seen.has(key) || requirements.length >= MAX_REQUIREMENTS) continue;
      seen.add(key);
      requirements.push(item);
    }
  };
  let open = false;
  for (const p of parts) {
    if (open) push(p.leading);
    push(p.bullets);
    open = p.openAtEnd || (open && p.onlyBullets);
  }
  for (const p of parts) push(p.musts);
  return { headline, requirements };
}
