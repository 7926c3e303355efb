const RESEARCH =
  /\b(research|search|look\s*up|find( out)?|latest|news|sources?|trends?|competitors?|what (is|are)|who (is|are)|references?|facts?)\b/i;
const ASSET =
  /\b(image|picture|pic|banner|poster|render|draft|illustration|logo|photo|mock-?up|visual|artwork|hero|thumbnail|icon|flyer|ad|key ?art|moodboard|asset|background|circle|square|stripe|triangle|shape)s?\b/i;

export type Intent = { research: boolean; asset: boolean };

export function detectIntent(text: string): Intent {
  return { research: RESEARCH.test(text), asset: ASSET.test(text) };
}
