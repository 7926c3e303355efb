// Special-token names from a diffusers tokenizer/ folder. special_tokens_map.json wins over
// tokenizer_config.json (as in transformers' loader); values are strings or serialised
// AddedToken objects ({"content": "!", ...}).

export interface SpecialTokenNames {
  bos: string;
  eos: string;
  unk: string;
  /** Undefined when no config names one: padding then uses eos. */
  pad?: string;
}

export const CLIP_DEFAULTS = { bos: '<|startoftext|>', eos: '<|endoftext|>', unk: '<|endoftext|>' };

type Json = Record<string, unknown>;

function tokenText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as Json).content === 'string') {
    return (value as Json).content as string;
  }
  return undefined;
}

export function specialTokenNames(
  tokenizerConfig?: Json,
  specialTokensMap?: Json,
): SpecialTokenNames {
  const pick = (key: string) =>
    tokenText(specialTokensMap?.[key]) ?? tokenText(tokenizerConfig?.[key]);
  return {
    bos: pick('bos_token') ?? CLIP_DEFAULTS.bos,
    eos: pick('eos_token') ?? CLIP_DEFAULTS.eos,
    unk: pick('unk_token') ?? CLIP_DEFAULTS.unk,
    pad: pick('pad_token'),
  };
}

/** Ids of tokens added on top of vocab.json (tokenizer_config's added_tokens_decoder). */
export function addedTokenIds(tokenizerConfig?: Json): Map<string, number> {
  const out = new Map<string, number>();
  const decoder = tokenizerConfig?.added_tokens_decoder;
  if (decoder && typeof decoder === 'object') {
    for (const [id, token] of Object.entries(decoder as Json)) {
      const text = tokenText(token);
      if (text !== undefined && Number.isInteger(Number(id))) out.set(text, Number(id));
    }
  }
  return out;
}
