import { referenceUrl } from './view';

/** Where in a reference a citation points. */
export type Place = { page: number } | { row: number } | { part: ImagePart };
/** What of a PNG a citation names: its colours, its generation recipe, or the text read in it. */
export type ImagePart = 'palette' | 'recipe' | 'text';

/** `[brief.pdf p.2]`, `[copy.csv row 14]`, `[moodboard.png palette]`. */
export function citeLabel(name: string, at: Place): string {
  const where = 'page' in at ? `p.${at.page}` : 'row' in at ? `row ${at.row}` : at.part;
  return `[${name.replace(/[[\]]/g, '')} ${where}]`;
}

/** The API address that shows what the citation points at. */
export function citeUrl(id: string, at: Place): string {
  if ('page' in at) return `${referenceUrl(id)}?page=${at.page}`;
  if ('row' in at) return `${referenceUrl(id)}?row=${at.row}`;
  return referenceUrl(id);
}
