'use client';

import { type GalleryImage, paramRows, scoreRows } from '../_lib/gallery';
import { AppLink } from './app-link';
import { FactList } from './fact-list';

const HEADING = 'mb-1.5 text-xs font-semibold uppercase tracking-wide text-neutral-500';

/** What the lightbox lists beside an image: the request, its settings, why, and how it scored. */
export function ImageFacts({ image }: { image: GalleryImage }) {
  const scores = scoreRows(image);
  return (
    <div className="space-y-5 text-sm" data-testid="image-facts">
      {image.request ? (
        <section>
          <h3 className={HEADING}>Asked</h3>
          <p className="text-neutral-800">{image.request}</p>
        </section>
      ) : null}
      <section>
        <h3 className={HEADING}>Prompt</h3>
        <p className="text-neutral-800" data-testid="image-prompt">
          {image.prompt}
        </p>
        {image.negative ? (
          <p className="mt-1 text-xs text-neutral-500">Negative: {image.negative}</p>
        ) : null}
      </section>
      <section>
        <h3 className={HEADING}>Parameters</h3>
        <FactList rows={paramRows(image)} testId="image-params" />
      </section>
      <section>
        <h3 className={HEADING}>Metrics</h3>
        {scores.length ? (
          <FactList rows={scores} testId="image-metrics" />
        ) : (
          <p className="text-xs text-neutral-500">No scores were recorded for this image.</p>
        )}
      </section>
      {image.reasons.length ? (
        <section>
          <h3 className={HEADING}>Why this render</h3>
          <ul
            className="list-disc space-y-0.5 pl-4 text-xs text-neutral-700"
            data-testid="image-reasons"
          >
            {image.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="text-xs text-neutral-500">
        {image.conversation ? (
          <AppLink href={`/c/${image.conversation.id}`} className="text-accent-700 hover:underline">
            {image.conversation.title || 'Untitled conversation'}
          </AppLink>
        ) : null}
        <p className="mt-1 font-mono break-all">sha256 {image.sha256}</p>
      </section>
    </div>
  );
}
