'use client';

import type { SearchWebProgress } from '../_lib/search';

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-[11px] text-neutral-400">{label}</dt>
      <dd data-testid={testId} className="font-medium text-neutral-800 tabular-nums">
        {value}
      </dd>
    </div>
  );
}

/** A search_web call at work: what it has done so far and the latest thing it did. */
export function SearchProgress({
  query,
  progress,
  stopped,
}: {
  query?: string;
  progress?: SearchWebProgress;
  stopped: boolean;
}) {
  const done = progress ? progress.completed + progress.failed : 0;
  const pct = progress?.queries ? Math.round((done / progress.queries) * 100) : 0;
  return (
    <div
      data-testid="search-progress"
      data-stopped={stopped}
      aria-live="polite"
      className="my-2 max-w-xl rounded-lg border border-neutral-200 bg-neutral-50 px-3 py-2.5 text-xs text-neutral-600"
    >
      <div className="flex items-center gap-2">
        <span
          className={`inline-block h-2 w-2 shrink-0 rounded-full ${stopped ? 'bg-neutral-300' : 'animate-pulse bg-accent-500'}`}
          aria-hidden
        />
        <span className="min-w-0 truncate font-medium text-neutral-800">
          {stopped ? 'Research stopped before it finished' : 'Researching'}
          {query ? ` “${query}”` : ''}
          {stopped ? '' : '…'}
        </span>
        {progress?.depth ? (
          <span className="ml-auto shrink-0 text-neutral-400">depth {progress.depth}</span>
        ) : null}
      </div>
      <div className="mt-2 h-1 overflow-hidden rounded-full bg-neutral-200">
        <div
          className="h-full rounded-full bg-accent-600 transition-[width]"
          style={{ width: `${pct}%` }}
        />
      </div>
      <dl className="mt-2 grid grid-cols-3 gap-2">
        <Stat
          testId="search-progress-queries"
          label="Queries"
          value={
            progress
              ? `${done} / ${progress.queries}${progress.failed ? ` (${progress.failed} failed)` : ''}`
              : '—'
          }
        />
        <Stat
          testId="search-progress-pages"
          label="Pages read"
          value={progress ? String(progress.pagesRead) : '—'}
        />
        <Stat
          testId="search-progress-learnings"
          label="Learnings"
          value={progress ? String(progress.learnings) : '—'}
        />
      </dl>
      <p
        data-testid="search-progress-latest"
        className="mt-2 truncate text-neutral-500"
        title={progress?.latest}
      >
        {progress?.latest ?? 'planning the research…'}
      </p>
    </div>
  );
}
