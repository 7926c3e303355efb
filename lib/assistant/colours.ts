/** Colour words a request or a finding may name; the composer reads its palette from them. */
export const COLOURS = [
  'red',
  'orange',
  'yellow',
  'green',
  'blue',
  'purple',
  'violet',
  'pink',
  'magenta',
  'cyan',
  'teal',
  'white',
  'black',
  'grey',
  'gray',
  'brown',
  'gold',
  'silver',
  'navy',
  'beige',
  'cream',
  'turquoise',
  'crimson',
  'coral',
  'olive',
  'lime',
  'indigo',
  'pastel',
  'neon',
  'monochrome',
];

/** The whole words of `list` that `text` contains, in the list's order. */
export function wordsIn(text: string, list: readonly string[]): string[] {
  const lower = text.toLowerCase();
  return list.filter((w) => new RegExp(`(^|[^a-z])${w}([^a-z]|$)`).test(lower));
}
