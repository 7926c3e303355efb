const RESEARCH =
  /\b(research|search|look\s*up|find( out)?|latest|news|sources?|trends?|competitors?|what (is|are)|who (is|are)|references?|facts?)\b/i;
const ASSET =
  /\b(image|picture|pic|banner|poster|render|draft|illustration|logo|photo|mock-?up|visual|artwork|hero|thumbnail|icon|flyer|ad|key ?art|moodboard|asset|background|circle|square|stripe|triangle|shape)s?\b/i;

export type Intent = { research: boolean; asset: boolean };

export function detectIntent(text: string): Intent {
  return { research: RESEARCH.test(text), asset: ASSET.test(text) };
}

const ASK = String.raw`(?:make|create|generate|render|design|draw|produce|give)\b`;
/** "look up X", "research X", "search for X": X ends at a sentence's end, "then", or "and" before an asking verb. */
const LOOK_UP = new RegExp(
  String.raw`\b(?:look\s*up|research|search(?:\s+for)?|find\s+out(?:\s+about)?)\s+(.+?)(?=\s*[;.!?](?:\s|$)|,?\s+(?:and\s+)?then\b|,?\s+and\s+${ASK}|\s*$)`,
  'i',
);
const JOIN = new RegExp(String.raw`^[\s,;.]*(?:and\s+)?(?:then\s+)?`, 'i');

/**
 * A request that asks to look something up, split into what to look up and the rest:
 * "look up spring banner typography and make the banner" → "spring banner typography", "make the banner".
 */
export function researchClause(request: string): { topic: string; rest: string } | null {
  const m = LOOK_UP.exec(request);
  if (!m) return null;
  const rest = `${request.slice(0, m.index)} ${request.slice(m.index + m[0].length).replace(JOIN, '')}`;
  return { topic: m[1].trim(), rest: rest.replace(/\s+/g, ' ').trim() };
}
