// Byte-pair encoding of one pre-token, CLIP flavour: the last symbol of every word carries the
// end-of-word marker "</w>", and merges apply lowest rank first until none applies.

export const END_OF_WORD = '</w>';

/** Words that bypass BPE (CLIP's special tokens map to themselves). */
const PASSTHROUGH = ['<|startoftext|>', '<|endoftext|>'];

const MAX_CACHE = 50_000;

export class Bpe {
  private readonly ranks = new Map<string, number>();
  private readonly cache = new Map<string, string[]>();

  /** `merges`: pairs in priority order (first = rank 0). */
  constructor(merges: ReadonlyArray<readonly [string, string]>) {
    // A repeated pair keeps its last rank, as a Python dict built from the list would.
    merges.forEach(([a, b], rank) => this.ranks.set(`${a} ${b}`, rank));
  }

  get size(): number {
    return this.ranks.size;
  }

  /** Symbols of one byte-mapped word. */
  encode(word: string): string[] {
    if (PASSTHROUGH.includes(word)) return [word];
    const cached = this.cache.get(word);
    if (cached) return cached;
    const result = this.merge(word);
    if (this.cache.size >= MAX_CACHE) this.cache.clear();
    this.cache.set(word, result);
    return result;
  }

  private merge(word: string): string[] {
    const chars = Array.from(word);
    if (chars.length === 0) return [];
    let symbols = [...chars.slice(0, -1), chars[chars.length - 1] + END_OF_WORD];
    while (symbols.length > 1) {
      let best = Infinity;
      let first = '';
      let second = '';
      for (let i = 0; i < symbols.length - 1; i++) {
        const rank = this.ranks.get(`${symbols[i]} ${symbols[i + 1]}`);
        if (rank !== undefined && rank < best) {
          best = rank;
          first = symbols[i];
          second = symbols[i + 1];
        }
      }
      if (best === Infinity) break;
      const merged: string[] = [];
      for (let i = 0; i < symbols.length; ) {
        if (i < symbols.length - 1 && symbols[i] === first && symbols[i + 1] === second) {
          merged.push(first + second);
          i += 2;
        } else {
          merged.push(symbols[i]);
          i += 1;
        }
      }
      symbols = merged;
    }
    return symbols;
  }
}
