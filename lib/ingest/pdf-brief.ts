// What a creative brief says, found by its wording: the headline and the requirements, with pages.

export type PageText = { page: number; text: string };
export type Located = { text: string; page: number };

const HEADLINE = /^\s*(?:headline|title|tagline|key message|main message)\s*[:：–—-]\s*(.{2,200})$/i;
const REQUIREMENTS_HEADING = /^\s*(?:requirements?|must[- ]haves?|mandatories|deliverables|specs?|specifications|guidelines|do's and don'ts)\b[^.]{0,40}:?\s*$/i;
const BULLET = /^\s*(?:[-–—•*·▪◦]|\d{1,2}[.)])\s+(.{2,300})$/;
const MUST = /\b(?:must|required|mandatory|always|never)\b/i;
const MAX_REQUIREMENTS = 12;

const clean = (s: string) => s.replace(/\s+/g, ' ').trim().replace(/^["“”']+|["“”']+$/g, '');

function linesOf(pages: PageText[]): Located[] {
  return pages.flatMap((p) => p.text.split('\n').map((text) => ({ text, page: p.page })));
}

export function findHeadline(pages: PageText[], title: string | null): Located | null {
  const lines = linesOf(pages);
  for (const l of lines) {
    const m = HEADLINE.exec(l.text);
    if (m) return { text: clean(m[1]), page: l.page };
  }
  if (title?.trim()) return { text: clean(title), page: 1 };
  const first = lines.find((l) => l.text.trim().length >= 3 && l.text.trim().length <= 100);
  return first ? { text: clean(first.text), page: first.page } : null;
}

/** Bullets under a requirements heading, then sentences that say "must" (deduplicated, at most 12). */
export function findRequirements(pages: PageText[]): Located[] {
  const lines = linesOf(pages);
  const found: Located[] = [];
  const seen = new Set<string>();
  const push = (text: string, page: number) => {
    const t = clean(text);
    if (t.length < 3 || seen.has(t.toLowerCase()) || found.length >= MAX_REQUIREMENTS) return;
    seen.add(t.toLowerCase());
    found.push({ text: t, page });
  };
  for (let i = 0; i < lines.length; i++) {
    if (!REQUIREMENTS_HEADING.test(lines[i].text)) continue;
    for (let j = i + 1; j < lines.length; j++) {
      const m = BULLET.exec(lines[j].text);
      if (!m) {
        if (lines[j].text.trim() === '') continue;
        break;
      }
      push(m[1], lines[j].page);
    }
  }
  for (const l of lines) if (MUST.test(l.text) && l.text.length <= 300 && !HEADLINE.test(l.text)) push(BULLET.exec(l.text)?.[1] ?? l.text, l.page);
  return found;
}
