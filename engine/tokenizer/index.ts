export { ClipTokenizer, parseMerges, type ClipTokenizerData } from './clip-tokenizer';
export type { SpecialTokenNames } from './special-tokens';
