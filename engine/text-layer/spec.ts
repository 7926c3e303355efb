// What renderTextLayer accepts, validated: the image, and the lines with their options.
import { z } from 'zod';
import { invalid } from '../errors';
import { PLACEMENTS } from './layout';
import { collapseWhitespace } from './quotes';

export const MAX_LINES = 4;
export const MAX_LINE_CHARS = 160;
export const MAX_SIDE = 8192;
export const MAX_PALETTE = 16;

const line = z
  .string()
  .transform((s) => collapseWhitespace(s.normalize('NFC')))
  .refine((s) => s.length > 0, 'must not be empty')
  .refine((s) => s.length <= MAX_LINE_CHARS, `must be at most ${MAX_LINE_CHARS} characters`)
  .refine((s) => !/[\p{Cc}\p{Cf}\p{Cs}]/u.test(s), 'must not contain control characters');

const hex = z
  .string()
  .regex(/^#?([0-9a-f]{3}|[0-9a-f]{6})$/i, 'must be a hex colour like #1a2b3c')
  .transform((h) => {
    const d = h.replace(/^#/, '').toLowerCase();
    return `#${d.length === 3 ? [...d].map((c) => c + c).join('') : d}`;
  });

export const textLayerSpecSchema = z.object({
  lines: z.array(line).min(1, 'needs a headline').max(MAX_LINES, `at most ${MAX_LINES} lines`),
  palette: z
    .array(hex)
    .max(MAX_PALETTE, `at most ${MAX_PALETTE} colours`)
    .default([])
    .transform((p) => [...new Set(p)]),
  placement: z.enum(PLACEMENTS).default('top'),
  boost: z.boolean().default(false),
});

export type TextLayerSpec = z.input<typeof textLayerSpecSchema>;
export type ParsedTextLayerSpec = z.output<typeof textLayerSpecSchema>;

export const rgbImageSchema = z
  .object({
    width: z.number().int().min(1).max(MAX_SIDE),
    height: z.number().int().min(1).max(MAX_SIDE),
    rgb: z.instanceof(Uint8Array),
  })
  .refine((im) => im.rgb.length === im.width * im.height * 3, {
    message: 'must hold width × height × 3 bytes',
    path: ['rgb'],
  });

export interface RgbImage {
  width: number;
  height: number;
  rgb: Uint8Array;
}

function issueLine(label: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('');
  return `${label}${where}: ${issue.message}`;
}

export function parseInputs(
  image: unknown,
  spec: unknown,
): { image: RgbImage; spec: ParsedTextLayerSpec } {
  const im = rgbImageSchema.safeParse(image);
  if (!im.success) throw invalid(issueLine('text layer image', im.error));
  const sp = textLayerSpecSchema.safeParse(spec);
  if (!sp.success) throw invalid(issueLine('text layer', sp.error));
  return { image: im.data, spec: sp.data };
}
