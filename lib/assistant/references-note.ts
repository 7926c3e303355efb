import { inlineUntrusted } from '../search/untrusted';

const HEADER =
  'References attached to this conversation (read them with the read_reference tool before composing an asset):';
const KINDS = { pdf: 'PDF brief', csv: 'CSV table', png: 'PNG image' } as const;

/** The references by name and kind only: their content is untrusted and reaches a model through read_reference, quoted. */
export function referencesNote(refs: Array<{ name: string; kind: keyof typeof KINDS }>): string {
  return [HEADER, ...refs.map((r) => `- ${inlineUntrusted(r.name, 80)} (${KINDS[r.kind]})`)].join(
    '\n',
  );
}

/** How many references a system prompt lists (the offline composer plans with it). */
export function listedReferences(system: string): number {
  const at = system.indexOf(HEADER);
  if (at < 0) return 0;
  return system
    .slice(at + HEADER.length)
    .split('\n')
    .filter((l) => l.startsWith('- ')).length;
}
