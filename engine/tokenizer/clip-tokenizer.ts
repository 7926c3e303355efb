// CLIP's byte-level BPE tokenizer, giving the ids of Hugging Face's CLIPTokenizer.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseConfigJson } from '../models/config-json';
import { Bpe } from './bpe';
import { bytesToSymbols } from './byte-map';
import { cleanText, pretokenize } from './pretokenize';
import { addedTokenIds, type SpecialTokenNames, specialTokenNames } from './special-tokens';

/** OpenAI's CLIP vocabulary has 49152 - 256 - 2 merges; transformers reads no more. */
const MAX_MERGES = 49152 - 256 - 2;

export interface ClipTokenizerData {
  vocab: Record<string, number>;
  /** merges.txt content (first line is the "#version" header and is skipped). */
  merges: string;
  specialTokens?: Partial<SpecialTokenNames>;
  /** Ids of tokens outside vocab.json (added_tokens_decoder / added_tokens.json). */
  addedTokens?: Map<string, number>;
}

export function parseMerges(text: string): Array<[string, string]> {
  const lines = text
    .trim()
    .split('\n')
    .slice(1, MAX_MERGES + 1);
  return lines.map((line, i) => {
    const parts = line.trim().split(/\s+/);
    if (parts.length !== 2)
      throw new Error(`merges.txt line ${i + 2}: expected two symbols, got "${line}"`);
    return [parts[0], parts[1]];
  });
}

async function readJson(
  file: string,
  required: boolean,
): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (!required && (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`tokenizer: cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return parseConfigJson(text) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`tokenizer: ${file} is not valid JSON: ${(err as Error).message}`);
  }
}

export class ClipTokenizer {
  readonly bosId: number;
  readonly eosId: number;
  readonly padId: number;
  private readonly unkId: number;
  private readonly vocab: Map<string, number>;
  private readonly bpe: Bpe;

  constructor(data: ClipTokenizerData) {
    this.vocab = new Map(Object.entries(data.vocab));
    this.bpe = new Bpe(parseMerges(data.merges));
    const given = data.specialTokens ?? {};
    const defaults = specialTokenNames();
    const names: SpecialTokenNames = {
      bos: given.bos ?? defaults.bos,
      eos: given.eos ?? defaults.eos,
      unk: given.unk ?? defaults.unk,
      pad: given.pad,
    };
    const added = data.addedTokens ?? new Map<string, number>();
    const idOf = (token: string, role: string) => {
      const id = this.vocab.get(token) ?? added.get(token);
      if (id === undefined)
        throw new Error(`tokenizer: ${role} token "${token}" is not in the vocabulary`);
      return id;
    };
    this.bosId = idOf(names.bos, 'bos');
    this.eosId = idOf(names.eos, 'eos');
    this.unkId = idOf(names.unk, 'unk');
    this.padId = names.pad === undefined ? this.eosId : idOf(names.pad, 'pad');
  }

  /** Load a diffusers/transformers tokenizer folder: vocab.json, merges.txt and optional configs. */
  static async load(dir: string): Promise<ClipTokenizer> {
    const vocab = (await readJson(path.join(dir, 'vocab.json'), true)) as Record<string, number>;
    let merges: string;
    try {
      merges = await readFile(path.join(dir, 'merges.txt'), 'utf8');
    } catch (err) {
      throw new Error(
        `tokenizer: cannot read ${path.join(dir, 'merges.txt')}: ${(err as Error).message}`,
      );
    }
    const config = await readJson(path.join(dir, 'tokenizer_config.json'), false);
    const map = await readJson(path.join(dir, 'special_tokens_map.json'), false);
    const addedJson = await readJson(path.join(dir, 'added_tokens.json'), false);
    const addedTokens = addedTokenIds(config);
    for (const [token, id] of Object.entries(addedJson ?? {})) {
      if (typeof id === 'number') addedTokens.set(token, id);
    }
    return new ClipTokenizer({
      vocab,
      merges,
      specialTokens: specialTokenNames(config, map),
      addedTokens,
    });
  }

  /** Token ids of `text` without special tokens. */
  tokenize(text: string): number[] {
    const ids: number[] = [];
    for (const word of pretokenize(cleanText(text))) {
      for (const symbol of this.bpe.encode(bytesToSymbols(word))) {
        ids.push(this.vocab.get(symbol) ?? this.unkId);
      }
    }
    return ids;
  }

  /** [bos, ...ids, eos], no truncation or padding. */
  encode(text: string): number[] {
    return [this.bosId, ...this.tokenize(text), this.eosId];
  }

  /** Exactly `maxLength` ids: truncated so eos stays last, then padded with the pad id. */
  encodePadded(text: string, maxLength = 77): number[] {
    if (!Number.isInteger(maxLength) || maxLength < 2) {
      throw new Error(`tokenizer: maxLength must be an integer >= 2, got ${maxLength}`);
    }
    const ids = [this.bosId, ...this.tokenize(text).slice(0, maxLength - 2), this.eosId];
    while (ids.length < maxLength) ids.push(this.padId);
    return ids;
  }
}
