export { ClipTokenizer, type ClipTokenizerData, parseMerges } from './clip-tokenizer';
export type { SpecialTokenNames } from './special-tokens';
