import { describe, expect, it } from 'vitest';
import {
  ColumnAccumulator,
  classify,
  columnNames,
  looksLikeHeader,
} from '@/lib/ingest/csv-columns';
import { TextWindow } from '@/lib/ingest/csv-text';
import { dominantPalette } from '@/lib/ingest/palette';
import { fromA1111, fromComfy, recipeFrom } from '@/lib/ingest/png-recipe';

describe('CSV column types', () => {
  it('types a value only when it is unmistakable', () => {
    const cases: Record<string, string> = {
      '': 'empty',
      '  ': 'empty',
      '0': 'integer',
      '-12': 'integer',
      '007': 'text',
      '12.5': 'number',
      '1e5': 'number',
      '1.': 'text',
      '.5': 'text',
      '1,000': 'text',
      '+1': 'text',
      '2024-02-29': 'date',
      '2023-02-29': 'text',
      '2024-13-01': 'text',
      '3/4/2024': 'text',
      true: 'boolean',
      FALSE: 'boolean',
      yes: 'text',
      ' 1': 'text',
      NaN: 'text',
      Infinity: 'text',
      '12:30': 'text',
      '1e308': 'number',
      '1e999': 'text',
      '-2e-999': 'number',
      ['9'.repeat(400)]: 'text',
      ['9'.repeat(300)]: 'number',
      '1234567890123456': 'number',
    };
    for (const [v, want] of Object.entries(cases)) expect([v, classify(v)]).toEqual([v, want]);
  });

  it('merges a column to the narrowest type all its values share, with stats', () => {
    const c = new ColumnAccumulator('price', 10);
    for (const v of ['1', '2.5', '', '10']) c.add(v);
    expect(c.result()).toMatchObject({
      type: 'number',
      count: 3,
      empty: 1,
      distinct: 3,
      min: 1,
      max: 10,
      minLength: 1,
      maxLength: 3,
    });
    const d = new ColumnAccumulator('when', 2);
    for (const v of ['2024-05-01', '2023-01-31', '2024-05-01', '2025-12-31']) d.add(v);
    expect(d.result()).toMatchObject({
      type: 'date',
      min: '2023-01-31',
      max: '2025-12-31',
      distinct: 2,
      distinctCapped: true,
    });
    const t = new ColumnAccumulator('sku', 10);
    for (const v of ['007', '8']) t.add(v);
    expect(t.result().type).toBe('text');
  });

  it('infers a header from distinct text cells and names columns uniquely', () => {
    expect(looksLikeHeader(['sku', 'copy', 'price'])).toBe(true);
    expect(looksLikeHeader(['A1', '12', 'x'])).toBe(false);
    expect(looksLikeHeader(['name', 'Name'])).toBe(false);
    expect(columnNames(['copy', '', 'copy', 'x\u0007y'], 5)).toEqual([
      'copy',
      'column 2',
      'copy (2)',
      'x y',
      'column 5',
    ]);
  });

  it('maps char positions to byte offsets for every encoding', () => {
    const w = new TextWindow('utf-8', 3);
    w.push('añb');
    w.push('✓c');
    expect([w.byteAt(1), w.byteAt(3), w.byteAt(4)]).toEqual([4, 7, 10]);
    expect(new TextWindow('utf-16le', 2).byteAt(5)).toBe(12);
    expect(new TextWindow('windows-1252').byteAt(5)).toBe(5);
  });
});

describe('PNG palette and recipes', () => {
  it('finds dominant colours with their shares, ignoring transparent pixels', () => {
    const px = (rgb: number[], a: number, n: number) =>
      Array.from({ length: n }, () => [...rgb, a]).flat();
    const rgba = Uint8Array.from([
      ...px([46, 125, 50], 255, 60),
      ...px([250, 240, 215], 255, 30),
      ...px([239, 108, 0], 255, 10),
      ...px([0, 0, 255], 0, 50),
    ]);
    expect(dominantPalette(rgba)).toEqual([
      { hex: '#2e7d32', share: 0.6, name: 'forest green' },
      { hex: '#faf0d7', share: 0.3, name: 'cream' },
      { hex: '#ef6c00', share: 0.1, name: 'orange' },
    ]);
  });

  it('reads A1111 parameters, ComfyUI graphs and Atelier documents into one recipe shape', () => {
    expect(
      fromA1111(
        'a cat,\nsecond line\nNegative prompt: dog\nSteps: 30, Sampler: Euler a, CFG scale: 6.5, Seed: 7, Size: 640x384, Model: "my, model"',
      ),
    ).toMatchObject({
      prompt: 'a cat,\nsecond line',
      negative: 'dog',
      steps: 30,
      scheduler: 'euler-ancestral',
      guidance: 6.5,
      seed: 7,
      width: 640,
      height: 384,
      model: 'my, model',
    });
    const comfy = JSON.stringify({
      3: {
        class_type: 'KSampler',
        inputs: {
          seed: 5,
          steps: 12,
          cfg: 4,
          sampler_name: 'dpmpp_2m',
          scheduler: 'karras',
          model: ['4', 0],
          positive: ['6', 0],
          negative: ['7', 0],
          latent_image: ['5', 0],
        },
      },
      4: { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'sd15.safetensors' } },
      5: { class_type: 'EmptyLatentImage', inputs: { width: 768, height: 512, batch_size: 1 } },
      6: { class_type: 'CLIPTextEncode', inputs: { text: 'a red fox' } },
      7: { class_type: 'CLIPTextEncode', inputs: { text: 'text, watermark' } },
    });
    expect(fromComfy(comfy)).toMatchObject({
      prompt: 'a red fox',
      negative: 'text, watermark',
      steps: 12,
      guidance: 4,
      seed: 5,
      width: 768,
      height: 512,
      scheduler: 'dpmpp-2m-karras',
      model: 'sd15.safetensors',
    });
    const atelier = JSON.stringify({
      format: 'atelier-image/1',
      prompt: 'p',
      negativePrompt: '',
      model: { id: 'builtin' },
      scheduler: { name: 'ddim' },
      steps: 4,
      guidance: 1,
      seed: 3,
      width: 64,
      height: 64,
    });
    expect(
      recipeFrom(
        new Map([
          ['atelier', atelier],
          ['parameters', 'ignored\nSteps: 1'],
        ]),
      ),
    ).toEqual({
      source: 'atelier',
      prompt: 'p',
      model: 'builtin',
      scheduler: 'ddim',
      steps: 4,
      guidance: 1,
      seed: 3,
      width: 64,
      height: 64,
    });
    expect(recipeFrom(new Map([['prompt', '{not json']]))).toBeNull();
    expect(recipeFrom(new Map([['parameters', 'x\nSteps: 5, Seed: 1.5']]))).toBeNull();
  });
});
