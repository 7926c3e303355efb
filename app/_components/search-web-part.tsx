'use client';

import { type CitationLinks, isRunning, type SearchWebOutput } from '../_lib/search';
import { InlineError } from './inline-error';
import { SearchProgress } from './search-progress';
import { SearchResults } from './search-results';

type Part = {
  state?: string;
  input?: { query?: string };
  output?: SearchWebOutput;
  errorText?: string;
};

/** A search_web call: live progress while it researches, then its findings, citations and sources. */
export function SearchWebPart({
  part,
  links,
  live,
}: {
  part: Part;
  links: CitationLinks;
  live: boolean;
}) {
  const query = typeof part.input?.query === 'string' ? part.input.query : undefined;
  if (part.state === 'output-error') {
    return (
      <InlineError
        message={`The research failed: ${part.errorText ?? 'unknown error'}`}
        testId="search-error"
        className="my-2"
      />
    );
  }
  const out = part.output;
  if (isRunning(out)) return <SearchProgress query={query} progress={out} stopped={!live} />;
  return <SearchResults query={query} result={out} links={links} />;
}
