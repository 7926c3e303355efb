'use client';

import { useParams } from 'next/navigation';
import type { GenerateImageOutput } from '@/lib/assistant/tools/generate-image';
import { imagePreviewSrcSet } from '../_lib/gallery';
import { profileLabel } from '../_lib/models';
import type { CitationLinks } from '../_lib/search';
import { AppLink } from './app-link';
import { ImageScores, RoutingDetails } from './generation-details';
import { GenerationProgress } from './generation-progress';
import { InlineError } from './inline-error';
import type { ReferenceLinks } from './markdown';
import { PromptWhyDetails } from './prompt-why';

type Done = Extract<GenerateImageOutput, { status: 'complete' }>;
type Part = {
  state?: string;
  input?: { prompt?: string };
  output?: GenerateImageOutput;
  errorText?: string;
};

/**
 * A generate_image call: live progress while it renders, then the stored images and what made them.
 * `citations` and `references`: the message's, so "why this prompt" can open what it cites.
 */
export function GeneratedImages({
  part,
  citations,
  references,
}: {
  part: Part;
  citations?: Map<string, CitationLinks>;
  references?: ReferenceLinks;
}) {
  const out = part.output;
  // Outside a conversation's page (no route params) the image opens as its file.
  const conversationId = useParams<{ id: string }>()?.id;
  if (part.state === 'output-error') {
    return (
      <InlineError
        message={`The image could not be rendered: ${part.errorText ?? 'unknown error'}`}
        testId="generation-error"
        className="my-2"
      />
    );
  }
  if (!out || out.status !== 'complete') return <GenerationProgress progress={out} />;
  const alt = part.input?.prompt ?? 'generated image';
  const gate = out.routing?.stages.text?.minOcrAccuracy;
  const grid = out.images.some((i) => i.cell);
  return (
    <figure data-testid="generation" data-profile={out.profile} className="my-3">
      <div className={grid ? 'grid grid-cols-2 gap-3 sm:grid-cols-3' : 'flex flex-wrap gap-3'}>
        {out.images.map((img) => (
          <div
            key={img.artifactId}
            data-testid={grid ? 'grid-cell' : undefined}
            className={grid ? undefined : 'w-fit max-w-full'}
          >
            <AppLink
              href={
                conversationId ? `/c/${conversationId}/images?image=${img.artifactId}` : img.url
              }
              title="Open in the viewer"
              data-testid="generated-image-open"
              className={`${grid ? 'block' : 'inline-block max-w-full align-top'} overflow-hidden rounded-lg border border-neutral-200 bg-neutral-100`}
            >
              {/* A WebP the size it is shown (an HD PNG runs to megabytes); the viewer and the
                  download give the stored file, named here by data-full. */}
              <img
                data-testid="generated-image"
                data-full={img.url}
                src={img.url}
                srcSet={imagePreviewSrcSet(img.artifactId, img.width)}
                sizes={`min(${displayRem(img)}rem, 100vw)`}
                alt={alt}
                width={img.width}
                height={img.height}
                style={{ width: `${displayRem(img)}rem`, maxWidth: '100%' }}
                className="block h-auto"
              />
            </AppLink>
            {img.cell ? (
              <div className="mt-1 text-xs font-medium text-neutral-700">
                {img.cell.scheduler} · {img.cell.steps} steps · guidance {img.cell.guidance}
              </div>
            ) : null}
            <ImageScores image={img} gate={gate} />
          </div>
        ))}
      </div>
      <Caption out={out} />
      {out.fallbackReason ? (
        <p data-testid="ep-fallback" className="mt-1 text-xs text-amber-700">
          Ran on {out.ep.toUpperCase()}: {out.fallbackReason}
        </p>
      ) : null}
      {out.why ? (
        <PromptWhyDetails why={out.why} citations={citations} references={references} />
      ) : null}
      {out.routing ? <RoutingDetails out={out} /> : null}
    </figure>
  );
}

/** At most 20rem high at its own aspect: a width the frame can shrink-wrap. */
const displayRem = (img: { width: number; height: number }) => (20 * img.width) / img.height;

function Caption({ out }: { out: Done }) {
  const p = out.params;
  const first = out.images[0];
  const seeds = [...new Set(out.images.map((i) => i.seed))].join(', ');
  const settings = first?.cell
    ? ''
    : ` · ${String(p.steps)} steps · guidance ${String(p.guidance)} · ${String(p.scheduler)}`;
  return (
    <figcaption className="mt-1.5 text-xs text-neutral-500">
      {out.model.label} · {profileLabel(out.profile)} · {first?.width}×{first?.height} · seed{' '}
      {seeds}
      {settings} · {out.ep.toUpperCase()}
    </figcaption>
  );
}
