import type { LanguageModelV3Prompt } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { answer } from '@/lib/assistant/offline/answer';
import { OfflineComposer } from '@/lib/assistant/offline/composer-model';
import { composeImagePrompt } from '@/lib/assistant/offline/image-prompt';
import { detectIntent } from '@/lib/assistant/offline/intent';
import { plan } from '@/lib/assistant/offline/plan';

const user = (text: string): LanguageModelV3Prompt[number] => ({
  role: 'user',
  content: [{ type: 'text', text }],
});

describe('offline composer', () => {
  it('detects research and asset words', () => {
    expect(detectIntent('Research the latest sneaker trends')).toEqual({
      research: true,
      asset: false,
    });
    expect(detectIntent('render a hero banner')).toEqual({ research: false, asset: true });
    expect(detectIntent('hello there')).toEqual({ research: false, asset: false });
  });

  it('composes subject, style, palette, exact text and negatives deterministically', () => {
    const p = composeImagePrompt(
      'Please make a watercolor poster with the text "Spring Sale" in pastel pink, without people.',
    );
    expect(p).toEqual({
      subject: 'a watercolor poster in pastel pink',
      style: 'watercolor',
      palette: ['pink', 'pastel'],
      exactText: ['Spring Sale'],
      negative: 'people, blurry, low quality, distorted text, watermark',
      prompt:
        'a watercolor poster in pastel pink, watercolor, palette: pink, pastel, with the exact text "Spring Sale"',
    });
    expect(
      composeImagePrompt(
        'Please make a watercolor poster with the text "Spring Sale" in pastel pink, without people.',
      ),
    ).toEqual(p);
  });

  it('takes found colours only when neither the request nor a reference names any', () => {
    const research = {
      subject: [],
      style: [],
      palette: [{ text: 'saturated red', cite: '[9]' }],
      typography: [{ text: 'geometric sans-serif', cite: '[5]' }],
    };
    const moodboard = {
      palette: { colours: ['forest green #2e7d32'], cite: '[moodboard.png palette]' },
      requirements: [],
    };
    const branded = composeImagePrompt('a banner in our brand colours', moodboard, research);
    expect(branded.palette).toEqual(['forest green #2e7d32']);
    expect(branded.prompt).toContain('typography: geometric sans-serif');
    expect(composeImagePrompt('a banner in teal', null, research).palette).toEqual(['teal']);
    expect(composeImagePrompt('a banner', null, research).palette).toEqual(['saturated red']);
  });

  it('keeps exact text verbatim, including typographic quotes and unicode', () => {
    expect(composeImagePrompt('a label reading “Café Olé – 50%” in gold').exactText).toEqual([
      'Café Olé – 50%',
    ]);
  });

  it('plans only tools that exist, once each, then answers citing results', () => {
    const req = 'research competitors and then render a poster';
    expect(plan([user(req)], new Set())).toMatchObject({ kind: 'answer' });
    expect(plan([user(req)], new Set(['search_web', 'generate_image']))).toMatchObject({
      kind: 'tool',
      toolName: 'search_web',
    });
    const afterSearch: LanguageModelV3Prompt = [
      user(req),
      {
        role: 'assistant',
        content: [{ type: 'tool-call', toolCallId: '1', toolName: 'search_web', input: {} }],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: '1',
            toolName: 'search_web',
            output: { type: 'json', value: { top: 'X' } },
          },
        ],
      },
    ];
    expect(plan(afterSearch, new Set(['search_web', 'generate_image']))).toMatchObject({
      kind: 'tool',
      toolName: 'generate_image',
    });
    const done = plan(afterSearch, new Set(['search_web']));
    expect(done.kind).toBe('answer');
    expect(done.kind === 'answer' && done.text).toContain('[1] `search_web`: {"top":"X"}');
  });

  it('says which needed tools this process lacks (a server started without them)', () => {
    const none = plan([user('research competitors and then render a poster')], new Set());
    expect(none.kind === 'answer' && none.text).toContain(
      'Web search is not available on this server, so nothing was researched.',
    );
    expect(none.kind === 'answer' && none.text).toContain(
      'Image generation is not available on this server, so no image was generated',
    );
    const chat = plan([user('hello there')], new Set());
    expect(chat.kind === 'answer' && chat.text).not.toContain('not available');
  });

  it('streams the same text it generates, word by word', async () => {
    const model = new OfflineComposer();
    const opts = { prompt: [user('make a red circle banner')] };
    const gen = await model.doGenerate(opts);
    const { stream } = await model.doStream(opts);
    const deltas: string[] = [];
    for await (const part of stream as unknown as AsyncIterable<{ type: string; delta?: string }>)
      if (part.type === 'text-delta') deltas.push(part.delta!);
    expect(deltas.length).toBeGreaterThan(10);
    expect(deltas.join('')).toBe((gen.content[0] as { text: string }).text);
  });

  it('stops streaming when aborted', async () => {
    const model = new OfflineComposer({ chunkDelayMs: 20 });
    const ac = new AbortController();
    const { stream } = await model.doStream({
      prompt: [user('make a red circle banner')],
      abortSignal: ac.signal,
    });
    const reader = stream.getReader();
    await reader.read();
    ac.abort(new Error('stop'));
    await expect(async () => {
      for (;;) if ((await reader.read()).done) break;
    }).rejects.toThrow('stop');
  });
});

describe('what the answer says an HD render did', () => {
  const request =
    'HD poster with the headline "Contributing to Node.js: a guide for new collaborators"';
  const attempt = (boost: boolean, accuracy: number) => ({
    boost,
    params: {},
    ocr: { accuracy, recognised: '', confidence: 0.9 },
  });
  const rendered = (attempts: ReturnType<typeof attempt>[]) => ({
    toolName: 'generate_image',
    output: {
      status: 'complete',
      model: { label: 'built-in model (synthetic shapes)' },
      profile: 'hd',
      images: [
        {
          seed: 5,
          width: 1536,
          height: 1536,
          stages: {
            hires: {
              from: [512, 512],
              to: [768, 768],
              upscale: 'model',
              upscaler: 'esrgan-slim-x2',
              strength: 0.35,
              steps: 10,
            },
            upscaler: {
              id: 'esrgan-slim-x2',
              files: {},
              scale: 2,
              tile: 128,
              overlap: 16,
              tiles: 89,
            },
            text: {
              lines: ['Contributing to Node.js: a guide for new collaborators'],
              attempts,
              retried: attempts.length > 1,
              passed: true,
            },
          },
        },
      ],
    },
  });

  it('names each stage and the quoted text whole, however the layout broke it', () => {
    const text = answer(
      request,
      composeImagePrompt(request, null),
      null,
      { research: false, asset: true },
      [rendered([attempt(false, 1)])],
      new Set(['generate_image']),
    );
    expect(text).toContain(
      'hires pass 512×512 → 768×768 (esrgan-slim-x2, img2img at strength 0.35)',
    );
    expect(text).toContain('esrgan-slim-x2 upscaler ×2');
    expect(text).toContain(
      'text "Contributing to Node.js: a guide for new collaborators" set as vector type and read back by OCR at 1.00',
    );
  });

  it('says when the OCR gate made it set the text again', () => {
    const text = answer(
      request,
      composeImagePrompt(request, null),
      null,
      { research: false, asset: true },
      [rendered([attempt(false, 0.91), attempt(true, 1)])],
      new Set(['generate_image']),
    );
    expect(text).toContain(
      'read back by OCR at 0.91, below the gate, so set again larger with more contrast: 1.00',
    );
  });
});
