// The files the reference tests upload: a brief, a sheet of copy and a moodboard (no server imports,
// so the browser tests can use them too).
import { stripesPng } from './png';

/** A small multi-page creative brief. */
export const BRIEF_PAGES = [
  ['Spring Launch 2025', 'Client: Verdant Grocers', 'Campaign overview and audience notes.'],
  ['Creative direction', 'Headline: Fresh Greens Daily', 'Requirements:', '- Use the brand green as the main colour', '- Logo must stay in the top left corner', '- Keep the copy readable at banner size'],
  ['Timeline', 'Drafts due in week 2; finals in week 4.'],
];

export const COPY_CSV = [
  'sku,headline,copy,price',
  ...Array.from({ length: 20 }, (_, i) => `SKU-${String(i + 1).padStart(3, '0')},Deal ${i + 1},"${i + 1 === 14 ? 'Crisp greens, delivered daily' : `Copy line ${i + 1}`}",${(i + 1) * 1.5}`),
].join('\n');

export const MOODBOARD_COLOURS = ['#2e7d32', '#faf0d7', '#ef6c00'];

/** Forest green, cream and orange stripes (50/30/20 %). */
export const moodboardPng = (text: Record<string, string> = {}) =>
  stripesPng(
    [
      { rgb: [46, 125, 50], share: 0.5 },
      { rgb: [250, 240, 215], share: 0.3 },
      { rgb: [239, 108, 0], share: 0.2 },
    ],
    120,
    text,
  );
