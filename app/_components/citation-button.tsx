'use client';

import type { Citation } from '../_lib/search';

/**
 * A `[n]` marker that opens the cited passage; a citation with weak support is marked as such.
 * Without `onOpen`, a listener around it opens the citation by its `data-n` (see markdown.tsx).
 */
export function CitationButton({
  citation,
  onOpen,
}: {
  citation: Citation;
  onOpen?: (c: Citation) => void;
}) {
  const weak = citation.status === 'flagged';
  return (
    <button
      type="button"
      data-testid="citation"
      data-n={citation.n}
      onClick={onOpen && (() => onOpen(citation))}
      title={`${citation.title}${weak ? ' (weak support)' : ''}: show the cited passage`}
      className={`mx-px inline-block h-fit rounded px-0.5 align-baseline font-mono text-[0.8em] font-medium transition-colors ${
        weak
          ? 'bg-amber-50 text-amber-800 hover:bg-amber-100'
          : 'bg-accent-50 text-accent-700 hover:bg-accent-100'
      }`}
    >
      [{citation.n}]
    </button>
  );
}

/**
 * A `[brief.pdf p.2]` label that opens the reference at that page, row or palette; without
 * `onOpen`, a listener around it opens it by its `data-label`.
 */
export function ReferenceCiteButton({ label, onOpen }: { label: string; onOpen?: () => void }) {
  return (
    <button
      type="button"
      data-testid="reference-cite"
      data-label={label}
      onClick={onOpen}
      title={`Open ${label.slice(1, -1)}`}
      className="mx-px inline-block h-fit rounded bg-emerald-50 px-1 align-baseline font-mono text-[0.8em] font-medium text-emerald-800 transition-colors hover:bg-emerald-100"
    >
      {label}
    </button>
  );
}
