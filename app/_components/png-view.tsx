'use client';

import type { ImagePart, PngSummary, ReferenceView } from '../_lib/references';

/** The image, its dominant colours with hex values and shares, and the recipe its text chunks carry. */
export function PngView({
  reference,
  focus,
}: {
  reference: ReferenceView;
  focus: ImagePart | null;
}) {
  const s = reference.summary as unknown as PngSummary;
  const ring = (part: ImagePart) => (focus === part ? 'ring-2 ring-amber-300 ring-offset-2' : '');
  return (
    <div className="space-y-5 p-4">
      <figure className="flex justify-center rounded-lg border border-neutral-200 bg-[repeating-conic-gradient(#f5f5f5_0_25%,#fff_0_50%)] bg-[length:16px_16px] p-3">
        <img
          data-testid="png-image"
          src={reference.fileUrl}
          alt={reference.name}
          className="max-h-[50vh] max-w-full object-contain"
        />
      </figure>
      <p className="text-xs text-neutral-500">
        {s.width}×{s.height} px · {s.bitDepth}-bit {s.colorType}
        {s.interlaced ? ' · interlaced' : ''}
      </p>
      <section
        aria-label="Palette"
        data-testid="png-palette"
        className={`rounded-lg ${ring('palette')}`}
      >
        <h3 className="mb-2 text-xs font-medium tracking-wide text-neutral-500 uppercase">
          Dominant colours
        </h3>
        <ul className="grid grid-cols-2 gap-2 sm:grid-cols-3">
          {s.palette.map((c) => (
            <li
              key={c.hex}
              data-testid="swatch"
              data-hex={c.hex}
              className="flex items-center gap-2.5 rounded-lg border border-neutral-200 p-1.5"
            >
              <svg
                viewBox="0 0 10 10"
                className="h-10 w-10 shrink-0 rounded-md ring-1 ring-neutral-200 ring-inset"
                aria-hidden
              >
                <rect width="10" height="10" fill={c.hex} />
              </svg>
              <div className="min-w-0 text-xs">
                <p className="truncate font-medium text-neutral-800">{c.name}</p>
                <p className="font-mono text-neutral-600">{c.hex}</p>
                <p className="text-neutral-400">{Math.round(c.share * 100)}%</p>
              </div>
            </li>
          ))}
        </ul>
      </section>
      {s.ocr?.length ? (
        <section
          aria-label="Text in the image"
          data-testid="png-text"
          className={`rounded-lg border border-neutral-200 p-3 text-xs ${ring('text')}`}
        >
          <h3 className="mb-1.5 font-medium tracking-wide text-neutral-500 uppercase">
            Text in the image (OCR)
          </h3>
          <ul className="space-y-1">
            {s.ocr.map((l, i) => (
              <li key={i} className="flex items-baseline gap-2">
                <span className="flex-1 text-[13px] text-neutral-800">{l.text}</span>
                <span className="text-neutral-400" title={`box ${l.box.join(', ')}`}>
                  {Math.round(l.confidence * 100)}%
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {s.recipe ? (
        <section
          aria-label="Generation recipe"
          data-testid="png-recipe"
          className={`rounded-lg border border-neutral-200 p-3 text-xs ${ring('recipe')}`}
        >
          <h3 className="mb-1.5 font-medium tracking-wide text-neutral-500 uppercase">
            Generation recipe ({s.recipe.source})
          </h3>
          <p className="text-[13px] text-neutral-800">{s.recipe.prompt}</p>
          {s.recipe.negative ? (
            <p className="mt-1 text-neutral-500">Negative: {s.recipe.negative}</p>
          ) : null}
          <p className="mt-1.5 text-neutral-500">
            {[
              s.recipe.steps && `${s.recipe.steps} steps`,
              s.recipe.guidance !== undefined && `CFG ${s.recipe.guidance}`,
              s.recipe.seed !== undefined && `seed ${s.recipe.seed}`,
              s.recipe.width && s.recipe.height && `${s.recipe.width}×${s.recipe.height}`,
              s.recipe.scheduler,
              s.recipe.model,
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
        </section>
      ) : null}
    </div>
  );
}
