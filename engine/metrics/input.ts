// The inputs every metric shares, validated with zod; a refusal is one EngineError line.
import { z } from 'zod';
import { invalid } from '../errors';
import type { RgbImage } from '../pipelines/types';

const MAX_SIDE = 16384;

const side = z.number().int().min(1).max(MAX_SIDE);

export const rgbImageSchema = z
  .object({ width: side, height: side, rgb: z.instanceof(Uint8Array) })
  .refine((img) => img.rgb.length === img.width * img.height * 3, {
    message: 'rgb must hold 3 bytes a pixel (width × height × 3)',
  });

/** A rectangle in pixels, inside the image it is used with (checked by `checkRegion`). */
export const regionSchema = z.object({
  x: z.number().int().min(0),
  y: z.number().int().min(0),
  width: z.number().int().min(1),
  height: z.number().int().min(1),
});
export type Region = z.infer<typeof regionSchema>;

/** `#rrggbb` or `#rgb`, either case. */
export const hexSchema = z
  .string()
  .regex(/^#([0-9a-f]{3}|[0-9a-f]{6})$/i, 'a colour must be written #rrggbb or #rgb');

export function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue.path.length ? `${what}.${issue.path.join('.')}` : what;
  throw invalid(`${where}: ${issue.message}`);
}

export const parseImage = (value: unknown): RgbImage => parse(rgbImageSchema, value, 'image');

export function checkRegion(image: RgbImage, region: Region): Region {
  const r = parse(regionSchema, region, 'region');
  if (r.x + r.width > image.width || r.y + r.height > image.height)
    throw invalid(
      `region ${r.width}×${r.height} at (${r.x}, ${r.y}) is not inside the ${image.width}×${image.height} image`,
    );
  return r;
}
