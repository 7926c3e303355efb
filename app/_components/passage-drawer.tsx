'use client';

import { useEffect, useRef } from 'react';
import { type Citation, fetchedLabel, isWebUrl, type PassageView, siteOf } from '../_lib/search';
import { useApiGet } from '../_lib/use-api-get';
import { InlineError } from './inline-error';
import { ExternalLink } from './markdown';
import { WeakSupport } from './search-results';
import { SideDrawer } from './side-drawer';

/** Paragraph ranges of `text` (split at blank lines). */
function paragraphsOf(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let at = 0;
  for (const m of text.matchAll(/\n\s*\n/g)) {
    out.push({ start: at, end: m.index });
    at = m.index + m[0].length;
  }
  out.push({ start: at, end: text.length });
  return out.filter((p) => /\S/.test(text.slice(p.start, p.end)));
}

/**
 * The source text around the passage, by paragraph: the passage's paragraphs are ruled, the text
 * the citation points at is marked (both are ranges of the source's text), the context is muted.
 */
function PassageText({ view, citation }: { view: PassageView; citation: Citation }) {
  const { passage, context } = view;
  const text = context.before + passage.text + context.after;
  const inStart = context.before.length;
  const inEnd = inStart + passage.text.length;
  const clamp = (n: number) =>
    inStart + Math.min(passage.text.length, Math.max(0, n - passage.start));
  const [markStart, markEnd] = [clamp(citation.start), clamp(citation.end)];
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.querySelector('mark')?.scrollIntoView({ block: 'center' });
  }, []);
  return (
    <div ref={box} className="space-y-2.5 text-[13px] leading-relaxed whitespace-pre-line">
      {context.moreBefore ? <p className="pl-3.5 text-neutral-400">…</p> : null}
      {paragraphsOf(text).map(({ start, end }) => {
        const inside = start < inEnd && end > inStart;
        const [a, b] = [Math.max(start, markStart), Math.min(end, markEnd)];
        return (
          <p
            key={start}
            data-testid={inside ? 'passage-text' : undefined}
            className={
              inside
                ? 'border-l-2 border-accent-400 pl-3 text-neutral-800'
                : 'pl-3.5 text-neutral-400'
            }
          >
            {a < b ? (
              <>
                {text.slice(start, a)}
                <mark
                  data-testid="passage-mark"
                  className="rounded-sm bg-amber-200 box-decoration-clone px-0.5 text-neutral-900"
                >
                  {text.slice(a, b)}
                </mark>
                {text.slice(b, end)}
              </>
            ) : (
              text.slice(start, end)
            )}
          </p>
        );
      })}
      {context.moreAfter ? <p className="pl-3.5 text-neutral-400">…</p> : null}
    </div>
  );
}

/** A side drawer with the extracted source text at a cited passage, fetched from the server. */
export function PassageDrawer({ citation, onClose }: { citation: Citation; onClose: () => void }) {
  const {
    data: view,
    error,
    reload,
  } = useApiGet<PassageView>(`/api/search/passages/${encodeURIComponent(citation.chunkId)}`);

  const source = view?.source;
  const url = source?.finalUrl ?? citation.url;
  return (
    <SideDrawer
      titleId="passage-title"
      testId="passage-drawer"
      closeTestId="passage-close"
      width="max-w-lg"
      onClose={onClose}
      header={
        <>
          <span className="mt-0.5 rounded bg-accent-50 px-1 font-mono text-xs font-medium text-accent-700">
            [{citation.n}]
          </span>
          <div className="min-w-0 flex-1">
            <h2 id="passage-title" className="truncate text-sm font-semibold text-neutral-900">
              {source?.title ?? citation.title}
            </h2>
            <p className="mt-0.5 flex flex-wrap items-center gap-x-1.5 text-xs text-neutral-500">
              <span>{siteOf(url)}</span>
              {source ? <span>· {fetchedLabel(source.fetchedAt)}</span> : null}
              {source?.sha256 ? (
                <span title={`sha256 ${source.sha256}`}>
                  · sha256 {source.sha256.slice(0, 12)}…
                </span>
              ) : null}
              {citation.status === 'flagged' ? <WeakSupport /> : null}
            </p>
          </div>
        </>
      }
    >
      <div className="min-h-0 flex-1 overflow-y-auto px-4 py-4">
        {view ? (
          <>
            {view.passage.heading ? (
              <h3 className="mb-2 text-xs font-medium tracking-wide text-neutral-500 uppercase">
                {view.passage.heading}
              </h3>
            ) : null}
            <PassageText view={view} citation={citation} />
          </>
        ) : error ? (
          <InlineError message={error} testId="passage-error" onRetry={reload} />
        ) : (
          <p className="text-sm text-neutral-400" aria-busy="true">
            Loading the passage…
          </p>
        )}
      </div>
      <footer className="flex items-center justify-between gap-3 border-t border-neutral-200 px-4 py-3 text-xs text-neutral-500">
        <span>Extracted text as stored when the page was read.</span>
        {isWebUrl(url) ? (
          <span data-testid="passage-original">
            <ExternalLink href={url}>Open the original</ExternalLink>
          </span>
        ) : null}
      </footer>
    </SideDrawer>
  );
}
