import { describe, expect, it } from 'vitest';
import { parseCiteLabel } from '@/app/_lib/references';
import { factLines, parseFacts } from '@/lib/assistant/tools/reference-facts';

describe('reference facts', () => {
  it('writes each fact with its citation and reads the same facts back (OCR text included)', () => {
    const lines = factLines({
      id: '00000000-0000-4000-8000-000000000001',
      name: 'logo.png',
      kind: 'png',
      palette: {
        swatches: [{ name: 'forest green', hex: '#2e7d32', share: 0.6 }],
        cite: '[logo.png palette]',
        url: '/x',
      },
      text: { text: 'Fresh Greens Daily / Spring launch 2025', cite: '[logo.png text]', url: '/x' },
    });
    expect(parseFacts(lines.join('\n'))).toEqual([
      { kind: 'palette', cite: '[logo.png palette]', text: 'forest green #2e7d32 60%' },
      { kind: 'text', cite: '[logo.png text]', text: 'Fresh Greens Daily / Spring launch 2025' },
    ]);
  });

  it('citation labels name the place the viewer opens', () => {
    expect(parseCiteLabel('[brief v2.pdf p.12]')).toEqual({
      name: 'brief v2.pdf',
      place: { page: 12 },
    });
    expect(parseCiteLabel('[copy.csv row 14]')).toEqual({ name: 'copy.csv', place: { row: 14 } });
    expect(parseCiteLabel('[logo.png text]')).toEqual({
      name: 'logo.png',
      place: { part: 'text' },
    });
    expect(parseCiteLabel('[moodboard.png palette]')).toEqual({
      name: 'moodboard.png',
      place: { part: 'palette' },
    });
    expect(parseCiteLabel('[3]')).toBeNull();
  });
});
