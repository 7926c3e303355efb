import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineError } from '@/engine/errors';
import { FONT_PACKAGE, RESVG_VERSION, renderTextLayer } from '@/engine/text-layer';

const require = createRequire(import.meta.url);
const fontDir = path.dirname(require.resolve(`${FONT_PACKAGE}/package.json`));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-text-layer-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

function gradient(width: number, height: number) {
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    const [x, y] = [i % width, Math.floor(i / width)];
    rgb.set([(x * 255) / width, (y * 255) / height, 160], i * 3);
  }
  return { width, height, rgb };
}

const spec = { lines: ['SPRING SALE', 'Up to 50% off'], palette: ['#1d3557', '#f1faee'] };

function refusal(run: () => unknown): EngineError {
  try {
    run();
  } catch (err) {
    if (err instanceof EngineError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

/** A copy of the font package with one file changed. */
function fontCopy(name: string, change: (dir: string) => void): string {
  const dir = path.join(tmp, name);
  fs.cpSync(fontDir, dir, {
    recursive: true,
    filter: (src) => !src.endsWith('.png') && !/\d00\w+_Italic/.test(src),
  });
  change(dir);
  return dir;
}

describe('renderTextLayer', () => {
  it('gives the same bytes and params twice, and in another process', () => {
    const image = gradient(512, 512);
    const a = renderTextLayer(image, spec);
    const b = renderTextLayer(image, spec);
    expect(sha256(a.image.rgb)).toBe(sha256(b.image.rgb));
    expect(JSON.stringify(a.params)).toBe(JSON.stringify(b.params));
    expect(sha256(a.image.rgb)).not.toBe(sha256(image.rgb));

    const script = `
      import { createHash } from 'node:crypto';
      import { renderTextLayer } from ${JSON.stringify(path.resolve('engine/text-layer/index.ts'))};
      const [w, h] = [512, 512];
      const rgb = new Uint8Array(w * h * 3);
      for (let i = 0; i < w * h; i++) rgb.set([((i % w) * 255) / w, (Math.floor(i / w) * 255) / h, 160], i * 3);
      const r = renderTextLayer({ width: w, height: h, rgb }, ${JSON.stringify(spec)});
      console.log(createHash('sha256').update(r.image.rgb).digest('hex'), JSON.stringify(r.params));`;
    const file = path.join(tmp, 'render.ts');
    fs.writeFileSync(file, script);
    const output = execFileSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8' });
    const [, hash, params] = /^(\w+) (.*)$/s.exec(output.trim()) ?? [];
    expect(hash).toBe(sha256(a.image.rgb));
    expect(params).toBe(JSON.stringify(a.params));
  }, 60_000);

  it('records the fonts by family, file and the sha256 of the files drawn', () => {
    const { params } = renderTextLayer(gradient(256, 256), spec);
    expect(params.fonts).toEqual([
      {
        role: 'headline',
        family: 'Inter',
        weight: 800,
        letterSpacing: 0.05,
        wordSpacing: 0.12,
        package: `${FONT_PACKAGE}@0.4.2`,
        file: 'Inter_800ExtraBold.ttf',
        sha256: sha256(fs.readFileSync(path.join(fontDir, '800ExtraBold/Inter_800ExtraBold.ttf'))),
      },
      {
        role: 'subline',
        family: 'Inter',
        weight: 400,
        letterSpacing: 0.02,
        wordSpacing: 0.08,
        package: `${FONT_PACKAGE}@0.4.2`,
        file: 'Inter_400Regular.ttf',
        sha256: sha256(fs.readFileSync(path.join(fontDir, '400Regular/Inter_400Regular.ttf'))),
      },
    ]);
    expect(params.renderer).toMatchObject({ name: '@resvg/resvg-js', version: RESVG_VERSION });
    expect(RESVG_VERSION).toBe(require('@resvg/resvg-js/package.json').version);
    expect(JSON.parse(JSON.stringify(params))).toEqual(params);
  });

  it('escapes the text, so markup in it is drawn as letters', () => {
    const headline =
      'Fish & Chips <b>"today"</b></text><rect width="9999" height="9999" fill="#ff0000"/>';
    const image = { width: 640, height: 640, rgb: new Uint8Array(640 * 640 * 3).fill(250) };
    const { image: out, params, svg } = renderTextLayer(image, { lines: [headline] });
    expect(params.lines.map((l) => l.text).join(' ')).toBe(headline);
    expect(svg).toContain('Fish &amp; Chips &lt;b&gt;&quot;today&quot;&lt;/b&gt;&lt;/text&gt;');
    expect(svg.match(/<text /g)).toHaveLength(params.lines.length);
    let reddish = 0;
    for (let i = 0; i < out.rgb.length; i += 3) if (out.rgb[i] > out.rgb[i + 1] + 40) reddish++;
    expect(reddish).toBe(0);
  });

  it('refuses when a font file is missing, rather than drawing no text', () => {
    const dir = fontCopy('missing', (d) =>
      fs.rmSync(path.join(d, '400Regular'), { recursive: true }),
    );
    const err = refusal(() => renderTextLayer(gradient(128, 128), spec, { fontDir: dir }));
    expect(err.code).toBe('model_missing_file');
    expect(err.message).toBe(
      `the subline font ${FONT_PACKAGE}/400Regular/Inter_400Regular.ttf is missing; reinstall the packages with npm ci`,
    );
  });

  it('refuses a font file that is not the font it should be', () => {
    const empty = fontCopy('empty', (d) =>
      fs.writeFileSync(path.join(d, '800ExtraBold/Inter_800ExtraBold.ttf'), ''),
    );
    expect(refusal(() => renderTextLayer(gradient(128, 128), spec, { fontDir: empty })).code).toBe(
      'model_corrupt',
    );
    const swapped = fontCopy('swapped', (d) =>
      fs.copyFileSync(
        path.join(d, '400Regular/Inter_400Regular.ttf'),
        path.join(d, '800ExtraBold/Inter_800ExtraBold.ttf'),
      ),
    );
    const err = refusal(() => renderTextLayer(gradient(128, 128), spec, { fontDir: swapped }));
    expect(err.code).toBe('model_corrupt');
    expect(err.message).toMatch(
      /headline font Inter_800ExtraBold\.ttf is not the expected weight 800/,
    );
  });

  it('refuses characters the font has no glyph for, rather than drawing boxes', () => {
    const err = refusal(() => renderTextLayer(gradient(256, 256), { lines: ['SALE 日本'] }));
    expect(err.code).toBe('invalid_request');
    expect(err.message).toBe('the headline font (Inter) has no glyph for "日" (U+65E5)');
  });

  it('validates its inputs, each refusal in one line', () => {
    const image = gradient(128, 128);
    const cases: Array<[unknown, unknown, string]> = [
      [image, { lines: [] }, 'text layer.lines: needs a headline'],
      [image, { lines: ['A', 'B', 'C', 'D', 'E'] }, 'text layer.lines: at most 4 lines'],
      [image, { lines: ['  \n '] }, 'text layer.lines[0]: must not be empty'],
      [image, { lines: ['A\u0007B'] }, 'text layer.lines[0]: must not contain control characters'],
      [
        image,
        { lines: ['A'], palette: ['#fff', 'red'] },
        'text layer.palette[1]: must be a hex colour like #1a2b3c',
      ],
      [image, { lines: ['A'], placement: 'left' }, 'text layer.placement: '],
      [
        { ...image, rgb: image.rgb.subarray(1) },
        { lines: ['A'] },
        'text layer image.rgb: must hold width × height × 3 bytes',
      ],
    ];
    for (const [im, sp, message] of cases) {
      const err = refusal(() => renderTextLayer(im as never, sp as never));
      expect(err.code).toBe('invalid_request');
      expect(err.message.startsWith(message), err.message).toBe(true);
      expect(err.message).not.toContain('\n');
    }
  });
});
