'use client';

import {
  type Citation,
  type CitationLinks,
  fetchedLabel,
  isWebUrl,
  type SearchWebResult,
  type Source,
  siteOf,
} from '../_lib/search';
import { CitationButton } from './citation-button';
import { LocalDateTime } from './local-time';
import { AssistantMarkdown, ExternalLink } from './markdown';

export function WeakSupport() {
  return (
    <span
      data-testid="weak-support"
      title="The passage carries only part of the claim's key terms"
      className="shrink-0 rounded-full bg-amber-50 px-1.5 py-px text-[10px] font-medium text-amber-800 ring-1 ring-amber-200 ring-inset"
    >
      weak support
    </span>
  );
}

function CitationItem({ citation, onOpen }: { citation: Citation; onOpen: (c: Citation) => void }) {
  return (
    <li data-testid="citation-item" className="flex gap-2">
      <CitationButton citation={citation} onOpen={onOpen} />
      <div className="min-w-0 flex-1">
        <div className="flex items-center gap-1.5">
          <span className="truncate font-medium text-neutral-800">{citation.title}</span>
          <span className="shrink-0 text-neutral-400">{siteOf(citation.url)}</span>
          {citation.status === 'flagged' ? <WeakSupport /> : null}
        </div>
        <p className="line-clamp-2 text-neutral-600">“{citation.passage}”</p>
      </div>
    </li>
  );
}

function SourceItem({ source }: { source: Source }) {
  return (
    <li data-testid="source-item" className="min-w-0">
      <div className="flex items-baseline gap-1.5">
        {isWebUrl(source.url) ? (
          <ExternalLink href={source.url}>
            <span className="font-medium">{source.title || source.url}</span>
          </ExternalLink>
        ) : (
          <span className="font-medium text-neutral-800">{source.title}</span>
        )}
      </div>
      <div className="text-[11px] text-neutral-400">
        <span data-testid="source-site">{siteOf(source.url)}</span> ·{' '}
        {/* server-rendered with the page: the time is the reader's once hydrated */}
        {source.fetchedAt ? (
          <>
            fetched <LocalDateTime iso={source.fetchedAt} />
          </>
        ) : (
          fetchedLabel(null)
        )}
      </div>
      {source.snippet ? (
        <p className="mt-0.5 line-clamp-2 text-neutral-600">{source.snippet}</p>
      ) : null}
    </li>
  );
}

/** A finished search_web call: its cited findings, the citations and every source it read. */
export function SearchResults({
  query,
  result,
  links,
}: {
  query?: string;
  result: SearchWebResult;
  links: CitationLinks;
}) {
  const flagged = result.citations.filter((c) => c.status === 'flagged').length;
  return (
    <section
      data-testid="search-results"
      className="my-3 max-w-2xl overflow-hidden rounded-lg border border-neutral-200 bg-white text-xs"
    >
      <header className="flex flex-wrap items-center gap-x-2 gap-y-0.5 border-b border-neutral-100 bg-neutral-50 px-3 py-2">
        <span className="font-medium text-neutral-800">Research</span>
        {query ? <span className="min-w-0 truncate text-neutral-500">“{query}”</span> : null}
        <span className="ml-auto text-neutral-400">
          {result.sources.length} source{result.sources.length === 1 ? '' : 's'} ·{' '}
          {result.citations.length} citation{result.citations.length === 1 ? '' : 's'}
          {flagged ? ` · ${flagged} weak` : ''}
        </span>
      </header>
      <details open className="group border-b border-neutral-100 px-3 py-2">
        <summary className="cursor-pointer text-[11px] font-medium tracking-wide text-neutral-500 uppercase select-none">
          Findings
        </summary>
        <div data-testid="search-answer" className="mt-1.5">
          <AssistantMarkdown text={result.answer} citations={links} />
        </div>
      </details>
      {result.citations.length ? (
        <div className="border-b border-neutral-100 px-3 py-2">
          <h4 className="text-[11px] font-medium tracking-wide text-neutral-500 uppercase">
            Citations
          </h4>
          <ol className="mt-1.5 space-y-1.5">
            {result.citations.map((c) => (
              <CitationItem key={c.n} citation={c} onOpen={links.open} />
            ))}
          </ol>
        </div>
      ) : null}
      <details data-testid="search-sources" open className="px-3 py-2">
        <summary className="cursor-pointer text-[11px] font-medium tracking-wide text-neutral-500 uppercase select-none">
          Sources ({result.sources.length})
        </summary>
        <ul className="mt-1.5 space-y-2">
          {result.sources.map((s) => (
            <SourceItem key={`${s.url}:${s.sha256}`} source={s} />
          ))}
        </ul>
      </details>
    </section>
  );
}
