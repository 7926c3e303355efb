// ClipTokenizer on the real SD 1.5 tokenizer files (shared/reference/clip-sd15, beside the
// repository; never copied into it), against published token-id vectors.
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClipTokenizer } from '../../../engine/tokenizer';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const SD15 = path.resolve(repoRoot, '..', 'shared', 'reference', 'clip-sd15');

let tok: ClipTokenizer;
const tmpDirs: string[] = [];

/** A tokenizer folder linking the SD 1.5 files, plus the given config files. */
async function folderWith(files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'clip-tok-'));
  tmpDirs.push(dir);
  for (const name of ['vocab.json', 'merges.txt'])
    await symlink(path.join(SD15, name), path.join(dir, name));
  for (const [name, body] of Object.entries(files))
    await writeFile(path.join(dir, name), JSON.stringify(body));
  return dir;
}

beforeAll(async () => {
  tok = await ClipTokenizer.load(SD15);
});

afterAll(async () => {
  await Promise.all(tmpDirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('ClipTokenizer.encode', () => {
  it.each([
    // transformers' CLIP tests and elixir-nx/bumblebee's clip_tokenizer_test.exs
    ['a photo of a cat', [49406, 320, 1125, 539, 320, 2368, 49407]],
    ['a photo of a dog', [49406, 320, 1125, 539, 320, 1929, 49407]],
    // apple/ml-stable-diffusion's Swift tokenizer tests
    [
      'a photo of an astronaut riding a horse on mars',
      [49406, 320, 1125, 539, 550, 18376, 6765, 320, 4558, 525, 7496, 49407],
    ],
    [
      'Apple CoreML developer tools on a Macbook Air are fast',
      [49406, 3055, 19622, 5780, 10929, 5771, 525, 320, 20617, 1922, 631, 1953, 49407],
    ],
    // diffusers' README prompt: every word is one vocab entry ("photograph</w>" 8853, ...)
    [
      'a photograph of an astronaut riding a horse',
      [49406, 320, 8853, 539, 550, 18376, 6765, 320, 4558, 49407],
    ],
  ])('%s', (text, ids) => {
    expect(tok.encode(text)).toEqual(ids);
  });

  // transformers tests/models/clip/test_tokenization_clip.py integration string (openai/clip-vit-base-patch32,
  // the same vocabulary): whitespace runs, CJK, Thai combining marks, accents, digits, "<s>".
  const lines = [
    'I was born in 92000, and this is falsé.',
    '生活的真谛是',
    'Hi  Hello',
    'Hi   Hello',
    '',
    ' ',
    '  ',
    ' Hello',
    '<s>',
    'hi<s>there',
    'The following string should be properly encoded: Hello.',
    'But ird and ปี   ird   ด',
    'Hey how are you doing',
  ];
  const tail = [
    328, 739, 2683, 530, 280, 273, 271, 271, 271, 267, 537, 589, 533, 2778, 82, 4166, 269, 33375,
    162, 112, 119, 163, 248, 226, 41570, 164, 108, 249, 42891, 363, 1883, 3306, 1883, 3306, 3306,
    283, 338, 285, 1883, 283, 338, 285, 997, 518, 3473, 9696, 1535, 655, 12560, 524, 33703, 281,
    3306, 269, 767, 2770, 537, 1777, 505, 20278, 2770, 38825, 2189, 829, 631, 592, 1960,
  ];

  it('transformers integration string', () => {
    const text = ['This is a test', ...lines].join('\n');
    expect(tok.encode(text)).toEqual([49406, 589, 533, 320, 1628, ...tail, 49407]);
  });

  it('transformers integration string with an emoji', () => {
    const text = ['This is a test \u{1F60A}', ...lines].join('\n');
    expect(tok.encode(text)).toEqual([49406, 589, 533, 320, 1628, 3020, ...tail, 49407]);
  });

  it('digits are one token each; punctuation runs stay together', () => {
    expect(tok.encode('1920')).toEqual([49406, 272, 280, 273, 271, 49407]);
    expect(tok.encode('wow!!')).toEqual([49406, ...tok.encode('wow').slice(1, -1), 748, 49407]);
    expect(tok.encode('a, b.')).toEqual([49406, 320, 267, 321, 269, 49407]);
  });

  it('contractions split off ("it\'s" -> it, \'s)', () => {
    expect(tok.encode("it's")).toEqual([49406, 585, 568, 49407]);
    expect(tok.encode("IT'S")).toEqual(tok.encode("it's"));
  });

  it('lower-cases, collapses whitespace, and NFC-normalises accents', () => {
    expect(tok.encode('A PHOTO  OF\tA\n\nCAT ')).toEqual(tok.encode('a photo of a cat'));
    expect(tok.encode('xa\u0303y x\u00e3y').slice(1, -1)).toEqual([
      ...tok.encode('x\u00e3y').slice(1, -1),
      ...tok.encode('x\u00e3y').slice(1, -1),
    ]);
    // "café" is one vocab entry over its UTF-8 bytes ("cafÃ©</w>"), composed or decomposed.
    expect(tok.encode('café')).toEqual([49406, 15304, 49407]);
    expect(tok.encode('cafe\u0301')).toEqual([49406, 15304, 49407]);
  });

  it('whitespace is Unicode White_Space: U+0085 and U+3000 separate words, U+FEFF is a symbol', () => {
    expect(tok.encode('a\u0085photo\u3000of a cat')).toEqual(tok.encode('a photo of a cat'));
    expect(tok.encode('\ufeffcat')).not.toEqual(tok.encode('cat'));
  });

  it('empty and blank text give just bos and eos', () => {
    expect(tok.encode('')).toEqual([49406, 49407]);
    expect(tok.encode(' \n\t ')).toEqual([49406, 49407]);
  });

  it('special tokens written in the text map to their ids', () => {
    expect(tok.encode('a<|endoftext|>cat')).toEqual([49406, 320, 49407, 2368, 49407]);
  });
});

describe('ClipTokenizer.encodePadded', () => {
  it('pads with eos (49407) for SD 1.x', () => {
    const ids = tok.encodePadded('a photo of a cat');
    expect(ids).toHaveLength(77);
    expect(ids.slice(0, 7)).toEqual([49406, 320, 1125, 539, 320, 2368, 49407]);
    expect(ids.slice(7).every((id) => id === 49407)).toBe(true);
  });

  it('truncates a long prompt to exactly 77 ids with eos last', () => {
    const long = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
    const ids = tok.encodePadded(long);
    expect(ids).toHaveLength(77);
    expect(ids[0]).toBe(49406);
    expect(ids[76]).toBe(49407);
    expect(ids.slice(1, 76)).toEqual(tok.encode(long).slice(1, 76));
    expect(tok.encodePadded('a photo of a cat', 5)).toEqual([49406, 320, 1125, 539, 49407]);
  });

  it('pads with 0 when the configs name "!" as the pad token (SD 2.x)', async () => {
    const dir = await folderWith({
      'tokenizer_config.json': { model_max_length: 77, pad_token: '!', do_lower_case: true },
      'special_tokens_map.json': {
        bos_token: {
          content: '<|startoftext|>',
          lstrip: false,
          normalized: true,
          rstrip: false,
          single_word: false,
        },
        eos_token: {
          content: '<|endoftext|>',
          lstrip: false,
          normalized: true,
          rstrip: false,
          single_word: false,
        },
        pad_token: '!',
        unk_token: {
          content: '<|endoftext|>',
          lstrip: false,
          normalized: true,
          rstrip: false,
          single_word: false,
        },
      },
    });
    const sd2 = await ClipTokenizer.load(dir);
    const ids = sd2.encodePadded('a photo of a cat');
    expect(ids.slice(0, 8)).toEqual([49406, 320, 1125, 539, 320, 2368, 49407, 0]);
    expect(ids.slice(7).every((id) => id === 0)).toBe(true);
    expect(sd2.padId).toBe(0);
  });

  it('special_tokens_map.json wins over tokenizer_config.json; SD 1.x configs pad with eos', async () => {
    const both = await folderWith({
      'tokenizer_config.json': { pad_token: '<|endoftext|>' },
      'special_tokens_map.json': { pad_token: { content: '!' } },
    });
    expect((await ClipTokenizer.load(both)).padId).toBe(0);
    const sd1 = await folderWith({ 'tokenizer_config.json': { pad_token: '<|endoftext|>' } });
    expect((await ClipTokenizer.load(sd1)).padId).toBe(49407);
    expect(tok.padId).toBe(49407);
  });

  it('refuses a pad token the vocabulary does not have', async () => {
    const dir = await folderWith({ 'tokenizer_config.json': { pad_token: '[PAD]' } });
    await expect(ClipTokenizer.load(dir)).rejects.toThrow(/pad token "\[PAD\]"/);
  });
});

describe('ClipTokenizer.load', () => {
  it('reads bos/eos ids from the vocabulary', () => {
    expect([tok.bosId, tok.eosId]).toEqual([49406, 49407]);
  });

  it('reports a missing folder clearly', async () => {
    await expect(ClipTokenizer.load(path.join(tmpdir(), 'no-such-tokenizer'))).rejects.toThrow(
      /vocab\.json/,
    );
  });
});
