'use client';

import { type ReactNode, useState } from 'react';
import type { PdfSummary, ReferenceView } from '../_lib/references';
import { useApiGet } from '../_lib/use-api-get';
import { InlineError } from './inline-error';

type PageText = { page: number; text: string };

/** Marks the brief's headline and requirements found on this page. */
function Marked({ text, marks }: { text: string; marks: string[] }) {
  const found = marks
    .map((m) => ({ m, at: text.indexOf(m) }))
    .filter((x) => x.m && x.at >= 0)
    .sort((a, b) => a.at - b.at);
  const out: ReactNode[] = [];
  let at = 0;
  for (const { m, at: start } of found) {
    if (start < at) continue;
    out.push(text.slice(at, start));
    out.push(
      <mark
        key={start}
        data-testid="pdf-mark"
        className="rounded-sm bg-amber-200 px-0.5 text-neutral-900"
      >
        {m}
      </mark>,
    );
    at = start + m.length;
  }
  out.push(text.slice(at));
  return <>{out}</>;
}

/** One page at a time: the page drawn by the server, and the text extracted from it. */
export function PdfView({ reference, page: initial }: { reference: ReferenceView; page: number }) {
  const s = reference.summary as unknown as PdfSummary;
  const [page, setPage] = useState(Math.min(Math.max(1, initial), s.pages));
  const text = useApiGet<{ excerpt: PageText }>(`${reference.url}?page=${page}`);
  const [image, setImage] = useState<{ page: number; state: 'loading' | 'ready' | 'failed' }>({
    page,
    state: 'loading',
  });

  const imageState = image.page === page ? image.state : 'loading';
  const marks = [s.headline, ...s.requirements]
    .filter((x) => x && x.page === page)
    .map((x) => x!.text);
  const meta = [
    s.title && `Title: ${s.title}`,
    s.author && `Author: ${s.author}`,
    s.created && `Created ${s.created.slice(0, 10)}`,
  ].filter(Boolean);

  return (
    <div className="flex flex-col">
      <div className="sticky top-0 z-10 flex items-center gap-2 border-b border-neutral-100 bg-white/95 px-4 py-2 text-xs text-neutral-600 backdrop-blur">
        <button
          type="button"
          data-testid="pdf-prev"
          disabled={page <= 1}
          onClick={() => setPage(page - 1)}
          className="rounded px-2 py-1 hover:bg-neutral-100 disabled:opacity-40"
        >
          ‹ Previous
        </button>
        <span data-testid="pdf-page" data-page={page} className="font-medium text-neutral-800">
          Page {page} of {s.pages}
        </span>
        <button
          type="button"
          data-testid="pdf-next"
          disabled={page >= s.pages}
          onClick={() => setPage(page + 1)}
          className="rounded px-2 py-1 hover:bg-neutral-100 disabled:opacity-40"
        >
          Next ›
        </button>
        {meta.length ? (
          <span className="ml-auto truncate text-neutral-400">{meta.join(' · ')}</span>
        ) : null}
      </div>
      <div className="grid gap-4 p-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <figure className="relative min-h-64 overflow-hidden rounded-lg border border-neutral-200 bg-neutral-50">
          <img
            key={page}
            data-testid="pdf-page-image"
            src={`${reference.url}/pages/${page}`}
            alt={`Page ${page} of ${reference.name}`}
            onLoad={() => setImage({ page, state: 'ready' })}
            onError={() => setImage({ page, state: 'failed' })}
            className={`block w-full bg-white ${imageState === 'ready' ? '' : 'invisible'}`}
          />
          {imageState !== 'ready' ? (
            <figcaption className="absolute inset-0 flex items-center justify-center p-4 text-center text-xs text-neutral-500">
              {imageState === 'failed'
                ? 'This page could not be drawn; its text is beside it.'
                : 'Drawing the page…'}
            </figcaption>
          ) : null}
        </figure>
        <section aria-label={`Text of page ${page}`}>
          <h3 className="mb-1.5 text-xs font-medium tracking-wide text-neutral-500 uppercase">
            Text on this page
          </h3>
          {text.data ? (
            <p
              data-testid="pdf-page-text"
              className="text-[13px] leading-relaxed whitespace-pre-wrap text-neutral-800"
            >
              {text.data.excerpt.text ? (
                <Marked text={text.data.excerpt.text} marks={marks} />
              ) : (
                <span className="text-neutral-400">No text on this page (a scan or an image).</span>
              )}
            </p>
          ) : text.error ? (
            <InlineError message={text.error} testId="pdf-error" onRetry={text.reload} />
          ) : (
            <p className="text-sm text-neutral-400">Loading the text…</p>
          )}
        </section>
      </div>
    </div>
  );
}
