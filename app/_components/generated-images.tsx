'use client';

import type { Profile } from '../_lib/types';
import { InlineError } from './inline-error';

type Image = {
  artifactId: string;
  url: string;
  sha256: string;
  seed: number;
  width: number;
  height: number;
};
type Output =
  | { status: 'running'; step: number; steps: number }
  | {
      status: 'complete';
      model: { id: string; label: string };
      profile: Profile;
      ep: string;
      fallbackReason?: string;
      images: Image[];
      params: Record<string, unknown>;
    };

type Part = { state?: string; input?: { prompt?: string }; output?: Output; errorText?: string };

/** A generate_image call: live step progress while it renders, then the stored images and what made them. */
export function GeneratedImages({ part }: { part: Part }) {
  const out = part.output;
  if (part.state === 'output-error') {
    return (
      <InlineError
        message={`The image could not be rendered: ${part.errorText ?? 'unknown error'}`}
        testId="generation-error"
        className="my-2"
      />
    );
  }
  if (!out || out.status === 'running') {
    const pct = out ? Math.round((out.step / Math.max(1, out.steps)) * 100) : 0;
    return (
      <div
        data-testid="generation-progress"
        className="my-2 max-w-sm rounded-lg border border-neutral-200 bg-neutral-50 px-3 py-2 text-xs text-neutral-600"
      >
        <div className="mb-1.5">
          {out ? `Rendering… step ${out.step} of ${out.steps}` : 'Starting the image pipeline…'}
        </div>
        <div className="h-1.5 overflow-hidden rounded-full bg-neutral-200">
          <div
            className="h-full rounded-full bg-accent-600 transition-[width]"
            style={{ width: `${pct}%` }}
          />
        </div>
      </div>
    );
  }
  const p = out.params;
  return (
    <figure data-testid="generation" className="my-3">
      <div className="flex flex-wrap gap-3">
        {out.images.map((img) => (
          <a
            key={img.artifactId}
            href={img.url}
            target="_blank"
            rel="noopener"
            className="block overflow-hidden rounded-lg border border-neutral-200 bg-neutral-100"
          >
            <img
              data-testid="generated-image"
              src={img.url}
              alt={part.input?.prompt ?? 'generated image'}
              width={img.width}
              height={img.height}
              className="block h-auto max-h-80 w-auto max-w-full"
            />
          </a>
        ))}
      </div>
      <figcaption className="mt-1.5 text-xs text-neutral-500">
        {out.model.label} · {out.profile === 'hd' ? 'HD' : 'Draft'} · {out.images[0]?.width}×
        {out.images[0]?.height} · seed {out.images.map((i) => i.seed).join(', ')} ·{' '}
        {String(p.steps)} steps · guidance {String(p.guidance)} · {String(p.scheduler)} ·{' '}
        {out.ep.toUpperCase()}
      </figcaption>
      {out.fallbackReason ? (
        <p data-testid="ep-fallback" className="mt-1 text-xs text-amber-700">
          Ran on {out.ep.toUpperCase()}: {out.fallbackReason}
        </p>
      ) : null}
    </figure>
  );
}
