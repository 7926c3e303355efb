// `atelier experiment CONFIG.json`: every variant rendered with the same seed and scored, a
// markdown and a JSON table, the images and a contact sheet; a bad config is one error line.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atelier } from '../../helpers/cli';

let root: string;
const env = () => ({ ATELIER_DATA_DIR: root });

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'experiment-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('atelier experiment', () => {
  it('renders each variant, scores it and writes the table, the images and a contact sheet', async () => {
    const config = path.join(root, 'small.json');
    await writeFile(
      config,
      JSON.stringify({
        title: 'Small check',
        prompt: 'a banner with the headline "HELLO"',
        seed: 3,
        experiments: [
          {
            name: 'steps',
            variants: [
              { label: '12 steps', profile: 'draft', steps: 12 },
              { label: '4 steps', profile: 'draft', steps: 4 },
            ],
          },
          {
            name: 'text',
            variants: [
              { label: 'hd, no upscaler', profile: 'hd', upscaler: false, hires: false },
              {
                label: 'hd, no text',
                profile: 'hd',
                upscaler: false,
                hires: false,
                textLayer: false,
              },
            ],
          },
        ],
      }),
    );
    const out = path.join(root, 'results');
    const res = await atelier(['experiment', config, '--out', out, '--json'], env());
    expect(res.stderr).not.toMatch(/error:/);
    expect(res.code).toBe(0);
    const json = JSON.parse(res.stdout);
    expect(json.results.map((r: { label: string }) => r.label)).toEqual([
      '12 steps',
      '4 steps',
      'hd, no upscaler',
      'hd, no text',
    ]);
    const [twelve, four, withText, noText] = json.results;
    expect(twelve.unetCalls).toBe(12);
    expect(four.unetCalls).toBe(4);
    expect(twelve.sha256).not.toBe(four.sha256);
    expect(withText.ocrAccuracy).toBeGreaterThanOrEqual(0.98);
    expect(noText.ocrAccuracy).toBeUndefined();
    expect(withText.reasons).toContain('upscaler switched off by the experiment');
    expect(withText).toMatchObject({ width: 512, height: 512, upscalerTiles: 0 });
    expect(json.machine).toMatchObject({
      cpus: expect.any(Number),
      onnxruntime: expect.any(String),
    });

    const md = await readFile(path.join(out, 'experiment.md'), 'utf8');
    expect(md).toMatch(/^# Small check/);
    expect(md).toMatch(/\| 12 steps \| 512×512 \| 12 \| 0 \|/);
    expect(
      JSON.parse(await readFile(path.join(out, 'experiment.json'), 'utf8')).results,
    ).toHaveLength(4);
    const sheet = await sharp(path.join(out, 'contact-sheet.png')).metadata();
    expect(sheet).toMatchObject({ width: 2 * 268 + 12, height: 2 * 308 + 12 });
    expect(json.images).toHaveLength(4);
    for (const image of json.images) expect((await sharp(image).metadata()).format).toBe('png');
  }, 180_000);

  it('refuses a config it cannot use with one line naming the problem', async () => {
    const config = path.join(root, 'bad.json');
    await writeFile(
      config,
      JSON.stringify({
        title: 'x',
        prompt: 'x',
        experiments: [
          { name: 'one', variants: [{ label: 'a', scheduler: 'nope' }, { label: 'b' }] },
        ],
      }),
    );
    const res = await atelier(['experiment', config], env());
    expect(res.code).toBe(1);
    const last = res.stderr.trim().split('\n').at(-1);
    expect(last).toMatch(
      /^error: bad_request: .*bad\.json: experiments\.0\.variants\.0\.scheduler: one of ddim/,
    );
    expect(res.stderr).not.toMatch(/\n\s+at /);
    const missing = await atelier(['experiment', path.join(root, 'none.json')], env());
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n').at(-1)).toMatch(/^error: bad_request: cannot read /);
  }, 60_000);
});
