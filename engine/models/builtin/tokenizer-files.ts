// The built-in model's tokenizer/ folder: a small CLIP-format byte-level BPE vocabulary in which
// every lexicon word is one token. Merges are generated word by word with the project's own BPE,
// so each new merge only ever joins what the earlier merges left apart.
import { Bpe, END_OF_WORD } from '../../tokenizer/bpe';
import { BYTE_TO_CHAR, bytesToSymbols } from '../../tokenizer/byte-map';
import { lexiconWords } from './lexicon';

export const BOS = '<|startoftext|>';
export const EOS = '<|endoftext|>';

export interface TokenizerFiles {
  vocab: Map<string, number>;
  merges: Array<[string, string]>;
  /** Token id of each lexicon word. */
  wordIds: Map<string, number>;
}

export function buildTokenizerFiles(): TokenizerFiles {
  const vocab = new Map<string, number>();
  for (const c of BYTE_TO_CHAR) vocab.set(c, vocab.size);
  for (const c of BYTE_TO_CHAR) vocab.set(c + END_OF_WORD, vocab.size);
  const merges: Array<[string, string]> = [];
  const wordIds = new Map<string, number>();
  for (const word of lexiconWords()) {
    for (;;) {
      const symbols = new Bpe(merges).encode(bytesToSymbols(word));
      if (symbols.length === 1) {
        wordIds.set(word, vocab.get(symbols[0])!);
        break;
      }
      merges.push([symbols[0], symbols[1]]);
      const joined = symbols[0] + symbols[1];
      if (!vocab.has(joined)) vocab.set(joined, vocab.size);
    }
  }
  vocab.set(BOS, vocab.size);
  vocab.set(EOS, vocab.size);
  return { vocab, merges, wordIds };
}

export function vocabJson(files: TokenizerFiles): string {
  return JSON.stringify(Object.fromEntries(files.vocab));
}

export function mergesTxt(files: TokenizerFiles): string {
  return ['#version: 0.2', ...files.merges.map(([a, b]) => `${a} ${b}`)].join('\n') + '\n';
}

export function tokenizerConfigJson(): string {
  const config = {
    add_prefix_space: false,
    bos_token: BOS,
    clean_up_tokenization_spaces: true,
    do_lower_case: true,
    eos_token: EOS,
    errors: 'replace',
    model_max_length: 77,
    pad_token: EOS,
    tokenizer_class: 'CLIPTokenizer',
    unk_token: EOS,
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

export function specialTokensMapJson(): string {
  return `${JSON.stringify({ bos_token: BOS, eos_token: EOS, pad_token: EOS, unk_token: EOS }, null, 2)}\n`;
}
