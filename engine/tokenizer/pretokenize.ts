// Text cleanup and CLIP's pre-tokenisation split. Cleanup is the ftfy-less path of Hugging
// Face's CLIP tokenizer (what CLIPTokenizerFast does): NFC, runs of Unicode White_Space
// collapsed to one space, trimmed, lower-cased. White_Space, not JavaScript's \s, so that
// U+0085 counts as a space and U+FEFF does not, as in the reference regex engines.

export function cleanText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\p{White_Space}+/gu, ' ')
    .replace(/^ | $/g, '')
    .toLowerCase();
}

// Special tokens, English contractions, runs of letters, single digits, runs of other
// non-space symbols; whitespace is dropped.
const PATTERN =
  /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\p{White_Space}\p{L}\p{N}]+/giu;

export function pretokenize(cleaned: string): string[] {
  return cleaned.match(PATTERN) ?? [];
}
