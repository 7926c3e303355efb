// The quoted strings of a prompt are the text an image must carry exactly: the first is the
// headline, the others are sub-lines. Diffusion models draw letters badly, so the text is taken
// out of the prompt and set by the text layer instead.

export interface QuotedText {
  /** The quoted strings in prompt order, whitespace collapsed; empty ones are skipped. */
  lines: string[];
  /** The prompt with the quoted strings (and their quotes) removed. */
  promptWithoutQuotes: string;
}

/** Opening quote → the quotes that may close it. */
const PAIRS: Record<string, string> = {
  '"': '"',
  '“': '”',
  '„': '“”',
  '«': '»',
  '‘': '’',
  "'": "'",
};

/** Single quotes double as apostrophes (don't, the 90's, rock 'n' roll). */
const APOSTROPHE_LIKE = new Set(["'", '‘', '’']);
const WORD_CHAR = /[\p{L}\p{N}]/u;

const isWordChar = (ch: string | undefined) => ch !== undefined && WORD_CHAR.test(ch);

/** A single quote opens a quotation only where it cannot be an apostrophe: not after a letter or digit. */
function canOpen(prompt: string, i: number): boolean {
  if (!APOSTROPHE_LIKE.has(prompt[i])) return true;
  return !isWordChar(prompt[i - 1]) && !/\s/.test(prompt[i + 1] ?? ' ');
}

/** A closing single quote is not followed by a letter or digit (that would be an apostrophe). */
function findClose(prompt: string, open: number): number {
  const closers = PAIRS[prompt[open]];
  for (let j = open + 1; j < prompt.length; j++) {
    if (!closers.includes(prompt[j])) continue;
    if (APOSTROPHE_LIKE.has(prompt[j]) && (isWordChar(prompt[j + 1]) || /\s/.test(prompt[j - 1])))
      continue;
    return j;
  }
  return -1;
}

export const collapseWhitespace = (text: string) => text.replace(/\s+/g, ' ').trim();

export function extractQuotedText(prompt: string): QuotedText {
  const lines: string[] = [];
  let rest = '';
  let from = 0;
  for (let i = 0; i < prompt.length; i++) {
    if (!(prompt[i] in PAIRS) || !canOpen(prompt, i)) continue;
    const close = findClose(prompt, i);
    if (close < 0) continue;
    const text = collapseWhitespace(prompt.slice(i + 1, close).normalize('NFC'));
    if (text) lines.push(text);
    rest += `${prompt.slice(from, i)} `;
    from = close + 1;
    i = close;
  }
  rest += prompt.slice(from);
  const promptWithoutQuotes = collapseWhitespace(rest).replace(/\s+([,.;:!?)])/g, '$1');
  return { lines, promptWithoutQuotes };
}
