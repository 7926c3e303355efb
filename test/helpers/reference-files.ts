// The files the reference tests upload: a brief, a sheet of copy and a moodboard (no server imports,
// so the browser tests can use them too).
import { stripesPng } from './png';

/** A small multi-page creative brief. */
export const BRIEF_PAGES = [
  ['Spring Launch 2025', 'Client: Verdant Grocers', 'Campaign overview and audience notes.'],
  [
    'Creative direction',
    'Headline: Fresh Greens Daily',
    'Requirements:',
    '- Use the brand green as the main colour',
    '- Logo must stay in the top left corner',
    '- Keep the copy readable at banner size',
  ],
  ['Timeline', 'Drafts due in week 2; finals in week 4.'],
];

export const COPY_CSV = [
  'sku,headline,copy,price',
  ...Array.from(
    { length: 20 },
    (_, i) =>
      `SKU-${String(i + 1).padStart(3, '0')},Deal ${i + 1},"${i + 1 === 14 ? 'Crisp greens, delivered daily' : `Copy line ${i + 1}`}",${(i + 1) * 1.5}`,
  ),
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

/** A logo-like PNG with lines of text drawn by librsvg (system fonts), for OCR. */
export async function textPng(lines: string[], background = '#2e7d32'): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  const esc = (s: string) => s.replace(/[<&>]/g, (c) => `&#${c.charCodeAt(0)};`);
  const rows = lines.map(
    (l, i) =>
      `<text x="40" y="${90 + i * 70}" font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="${i === 0 ? 48 : 32}" fill="white">${esc(l)}</text>`,
  );
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="${60 + lines.length * 70}"><rect width="100%" height="100%" fill="${background}"/>${rows.join('')}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
