import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { GeneratedImages } from '@/app/_components/generated-images';
import { imagePreviewSrcSet } from '@/app/_lib/gallery';

const output = (extra: Record<string, unknown> = {}) => ({
  status: 'complete',
  generationId: 'g1',
  model: { id: 'builtin', label: 'built-in model (synthetic shapes)' },
  profile: 'draft',
  ep: 'cpu',
  images: [
    {
      artifactId: 'a1',
      url: '/api/artifacts/a1',
      sha256: 'ab'.repeat(32),
      seed: 7,
      width: 512,
      height: 512,
    },
  ],
  params: { steps: 8, guidance: 1.75, scheduler: 'euler' },
  ...extra,
});
const render = (out: ReturnType<typeof output>) =>
  renderToStaticMarkup(
    createElement(GeneratedImages, {
      part: { state: 'output-available', input: { prompt: 'a red circle' }, output: out as never },
    }),
  );

describe('the generated images in the chat', () => {
  it('says under the image why it ran on CPU when CUDA could not be used', () => {
    const reason =
      'cuda could not be used: Failed to load library libonnxruntime_providers_cuda.so with error: libcudnn.so.9: cannot open shared object file';
    const html = render(output({ fallbackReason: reason }));
    expect(html).toContain('data-testid="ep-fallback"');
    expect(html).toContain(`Ran on CPU: ${reason}`);
  });

  it('shows a WebP no larger than the image, and names the stored file', () => {
    const html = render(output());
    expect(html).toContain(
      'srcSet="/api/artifacts/a1/preview?w=256 256w, /api/artifacts/a1/preview?w=512 512w"',
    );
    expect(html).toContain('sizes="min(20rem, 100vw)"');
    expect(html).toContain('data-full="/api/artifacts/a1"');
  });

  it('offers an HD image every preview width, and a small one only the first that holds it', () => {
    expect(imagePreviewSrcSet('h', 1536).match(/\d+w/g)).toEqual(['256w', '512w', '768w']);
    expect(imagePreviewSrcSet('s', 384).match(/\d+w/g)).toEqual(['256w', '512w']);
    expect(imagePreviewSrcSet('t', 200).match(/\d+w/g)).toEqual(['256w']);
  });

  it('shows no such line when the provider asked for was used', () => {
    expect(render(output())).not.toContain('ep-fallback');
  });

  it('lists why the prompt says what it says, each phrase with its citation', () => {
    const html = render(
      output({
        why: [
          {
            part: 'typography',
            phrase: 'heavy weight',
            search: [{ runId: 'r1', n: 2 }],
            references: [],
          },
          {
            part: 'text',
            phrase: 'Fresh Greens Daily',
            search: [],
            references: ['[brief.pdf p.2]'],
          },
        ],
      }),
    );
    expect(html).toContain('data-testid="prompt-why"');
    expect(html).toContain('Why this prompt');
    expect(html).toContain('Typography:</span> “heavy weight”');
    expect(html).toContain('[2]');
    expect(html).toContain('[brief.pdf p.2]');
    expect(render(output())).not.toContain('prompt-why');
  });
});
