import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { GeneratedImages } from '@/app/_components/generated-images';
import type { GenerateImageOutput } from '@/lib/assistant/tools/generate-image';

const render = (output: GenerateImageOutput | undefined) =>
  renderToStaticMarkup(
    createElement(GeneratedImages, {
      part: { state: 'output-available', input: { prompt: 'a red circle' }, output },
    }),
  );
const PREVIEW = 'data:image/webp;base64,UklGRg==';

describe('a generate_image call before its images', () => {
  it('says its place in the queue', () => {
    expect(render({ status: 'queued', position: 1 })).toContain('Queued · next in line');
    expect(render({ status: 'queued', position: 3 })).toContain('Queued · 2 ahead in line');
    expect(render({ status: 'queued', position: 3, waitMs: 41_000 })).toContain(
      'Queued · 2 ahead in line · starts in about 41 s',
    );
    expect(render({ status: 'queued', position: 1, waitMs: 800 })).toContain(
      'Queued · next in line · starts in a moment',
    );
  });

  it('says the pipeline is starting until the first step', () => {
    expect(render({ status: 'running', step: 0, steps: 0 })).toContain(
      'Starting the image pipeline…',
    );
  });

  it('shows the step, the time left and a preview of each image', () => {
    const html = render({
      status: 'running',
      step: 8,
      steps: 20,
      etaMs: 4200,
      etaScope: 'stage',
      previews: [PREVIEW, PREVIEW],
    });
    expect(html).toContain('Rendering… step 8 of 20 · about 4 s left in this stage');
    expect(html.match(/data-testid="generation-preview"/g)).toHaveLength(2);
    expect(html).toContain(`src="${PREVIEW}"`);
  });

  it('says the whole render’s time left once a render of its kind has finished here', () => {
    const html = render({
      status: 'running',
      step: 3,
      steps: 30,
      stage: 'base',
      etaMs: 125_000,
      etaScope: 'job',
    });
    expect(html).toContain('Rendering… step 3 of 30 · about 2 min left');
    expect(html).not.toContain('in this stage');
  });
});
