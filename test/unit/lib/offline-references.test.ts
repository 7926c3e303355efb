import type { LanguageModelV3Prompt } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { plan } from '@/lib/assistant/offline/plan';
import { referencesNote } from '@/lib/assistant/references-note';
import {
  type ReadReferenceOutput,
  readsAsWords,
  referencesForModel,
} from '@/lib/assistant/tools/read-reference';

const system = (
  refs: Array<{ name: string; kind: 'pdf' | 'csv' | 'png' }>,
): LanguageModelV3Prompt[number] => ({
  role: 'system',
  content: `Instructions.\n\n${referencesNote(refs)}`,
});
const user = (text: string): LanguageModelV3Prompt[number] => ({
  role: 'user',
  content: [{ type: 'text', text }],
});
const TOOLS = new Set(['read_reference', 'generate_image', 'search_web']);

const read: ReadReferenceOutput = {
  references: [
    {
      id: '00000000-0000-4000-8000-000000000001',
      name: 'brief.pdf',
      kind: 'pdf',
      headline: {
        text: 'Fresh Greens Daily',
        cite: '[brief.pdf p.2]',
        url: '/api/references/1?page=2',
      },
      requirements: [
        { text: 'Logo top left', cite: '[brief.pdf p.2]', url: '/api/references/1?page=2' },
      ],
    },
    {
      id: '00000000-0000-4000-8000-000000000002',
      name: 'copy.csv',
      kind: 'csv',
      row: {
        n: 14,
        values: { sku: 'A14', copy: 'Crisp greens, delivered daily' },
        copy: {
          column: 'copy',
          text: 'Crisp greens, delivered daily',
          cite: '[copy.csv row 14]',
          url: '/x',
        },
        cite: '[copy.csv row 14]',
        url: '/x',
      },
    },
    {
      id: '00000000-0000-4000-8000-000000000003',
      name: 'moodboard.png',
      kind: 'png',
      palette: {
        swatches: [
          { hex: '#2e7d32', share: 0.5, name: 'forest green' },
          { hex: '#faf0d7', share: 0.3, name: 'cream' },
        ],
        cite: '[moodboard.png palette]',
        url: '/y',
      },
    },
  ],
};

const afterRead = (request: string): LanguageModelV3Prompt => [
  system([
    { name: 'brief.pdf', kind: 'pdf' },
    { name: 'copy.csv', kind: 'csv' },
    { name: 'moodboard.png', kind: 'png' },
  ]),
  user(request),
  {
    role: 'assistant',
    content: [{ type: 'tool-call', toolCallId: '1', toolName: 'read_reference', input: {} }],
  },
  {
    role: 'tool',
    content: [
      {
        type: 'tool-result',
        toolCallId: '1',
        toolName: 'read_reference',
        output: { type: 'text', value: referencesForModel(read) },
      },
    ],
  },
];

describe('offline composer with references', () => {
  it('reads the references first when an asset is asked for, passing the row or page named', () => {
    const refs = system([{ name: 'copy.csv', kind: 'csv' }]);
    expect(plan([refs, user('Make a banner from row 14 of the references')], TOOLS)).toEqual({
      kind: 'tool',
      toolName: 'read_reference',
      input: { row: 14 },
    });
    expect(plan([refs, user('a poster like page 3 says')], TOOLS)).toEqual({
      kind: 'tool',
      toolName: 'read_reference',
      input: { page: 3 },
    });
    // Without references listed, nothing changes.
    expect(plan([user('make a banner')], TOOLS)).toMatchObject({
      kind: 'tool',
      toolName: 'generate_image',
    });
    expect(plan([refs, user('hello')], TOOLS)).toMatchObject({ kind: 'answer' });
  });

  it('composes the render prompt from the headline, the row copy and the palette, and cites them', () => {
    const step = plan(
      afterRead('Make a banner for the spring launch using row 14 of the copy'),
      TOOLS,
    );
    expect(step).toEqual({
      kind: 'tool',
      toolName: 'generate_image',
      input: {
        prompt:
          'a banner for the spring launch, clean professional illustration, palette: forest green #2e7d32, cream #faf0d7, with the exact text "Fresh Greens Daily" and "Crisp greens, delivered daily"',
        negative: 'blurry, low quality, distorted text, watermark',
        grounding: [
          { part: 'text', phrase: 'Fresh Greens Daily', cite: '[brief.pdf p.2]' },
          { part: 'text', phrase: 'Crisp greens, delivered daily', cite: '[copy.csv row 14]' },
          { part: 'palette', phrase: 'forest green #2e7d32', cite: '[moodboard.png palette]' },
          { part: 'palette', phrase: 'cream #faf0d7', cite: '[moodboard.png palette]' },
        ],
      },
    });
    const done = plan(
      afterRead('Make a banner for the spring launch using row 14 of the copy'),
      new Set(['read_reference']),
    );
    const text = done.kind === 'answer' ? done.text : '';
    expect(text).toContain(
      '- **Palette:** forest green #2e7d32 [moodboard.png palette], cream #faf0d7 [moodboard.png palette]',
    );
    expect(text).toContain(
      '- **Exact text:** "Fresh Greens Daily" [brief.pdf p.2], "Crisp greens, delivered daily" [copy.csv row 14]',
    );
    expect(text).toContain('- **Brief requirements:** Logo top left [brief.pdf p.2]');
    expect(text).toContain(
      '[1] `read_reference`: read 3 references: [brief.pdf p.2], [copy.csv row 14], [moodboard.png palette]',
    );
  });

  it("sets a sheet's copy only when the request asks for a row or for copy", () => {
    const prompt = (request: string) => {
      const step = plan(afterRead(request), TOOLS);
      return step.kind === 'tool' ? String(step.input.prompt) : '';
    };
    const headlineOnly = prompt('a spring sale banner with the headline from the brief');
    expect(headlineOnly).toContain('"Fresh Greens Daily"');
    expect(headlineOnly).not.toContain('Crisp greens');
    expect(prompt('a spring banner with our copy')).toContain('"Crisp greens, delivered daily"');
  });

  it('takes a CSV column as copy by its header, or only where the value reads as words', () => {
    for (const v of ['0x60d24054e17a0698', 'SKU-1042', '42', ''])
      expect(readsAsWords(v)).toBe(false);
    for (const v of ['Crisp greens, delivered daily', 'Sale', 'Café Olé – 50%'])
      expect(readsAsWords(v)).toBe(true);
  });
});
