import type { ImageFacts } from './types';

const quote = (s: string) => (/^[\w@%+=:,./#-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * The CLI command that renders the image again: the request's resolved settings and this image's
 * own seed, so it is one image, not the batch. A grid cell is rendered alone under its cell's
 * settings at its own size with the draft profile, which adds no stages, as the grid does.
 */
export function recipeCommand(img: ImageFacts): string {
  const p = img.params;
  const settings = img.cell ?? p;
  const args: Array<[string, string | number | undefined]> = [
    ['prompt', img.prompt],
    ['negative', img.negative || undefined],
    ['profile', img.cell ? 'draft' : img.profile],
    ['model', img.model.id],
    ['scheduler', settings.scheduler],
    ['steps', settings.steps],
    ['guidance', settings.guidance],
    ['seed', img.seed ?? undefined],
    ['width', img.cell ? img.width : p.width],
    ['height', img.cell ? img.height : p.height],
    ['palette', img.palette.length ? img.palette.join(',') : undefined],
    ['out', 'out'],
  ];
  const flags = args
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `--${k} ${quote(String(v))}`);
  return ['npm run -s atelier -- generate', ...flags].join(' \\\n  ');
}
