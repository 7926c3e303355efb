'use client';

import { useEffect, useRef, useState } from 'react';
import type { CsvRow, CsvSummary, ReferenceView } from '../_lib/references';
import { useApiGet } from '../_lib/use-api-get';
import { InlineError } from './inline-error';

const WINDOW = 50;
/** Rows shown above a cited row, so it sits near the top with some context. */
const LEAD = 10;

const startFor = (row: number | null, total: number) =>
  row ? Math.max(1, Math.min(row - LEAD, total - WINDOW + 1)) : 1;
const stat = (v: string | number | null) =>
  v === null ? '—' : typeof v === 'number' ? v.toLocaleString('en') : v;

/** The table a window of rows at a time, the cited row highlighted; column types and stats above. */
export function CsvView({ reference, row }: { reference: ReferenceView; row: number | null }) {
  const s = reference.summary as unknown as CsvSummary;
  const [from, setFrom] = useState(startFor(row, s.rows));
  const shown = useApiGet<{ rows: CsvRow[] }>(
    s.rows ? `${reference.url}?from=${from}&count=${WINDOW}` : null,
  );
  const [goTo, setGoTo] = useState('');
  const [target, setTarget] = useState(row);
  const cited = useRef<HTMLTableRowElement>(null);

  // A block body: in current Chromium scrollIntoView returns a promise, which React would take for a cleanup.
  useEffect(() => {
    cited.current?.scrollIntoView({ block: 'center' });
  }, [shown.data]);

  const to = Math.min(s.rows, from + WINDOW - 1);
  const jump = () => {
    const n = Number(goTo);
    if (!Number.isInteger(n) || n < 1 || n > s.rows) return;
    setTarget(n);
    setFrom(startFor(n, s.rows));
  };

  return (
    <div className="flex flex-col">
      <div className="sticky top-0 z-20 flex flex-wrap items-center gap-2 border-b border-neutral-100 bg-white/95 px-4 py-2 text-xs text-neutral-600 backdrop-blur">
        <button
          type="button"
          data-testid="csv-prev"
          disabled={from <= 1}
          onClick={() => setFrom(Math.max(1, from - WINDOW))}
          className="rounded px-2 py-1 hover:bg-neutral-100 disabled:opacity-40"
        >
          ‹ Previous
        </button>
        <span data-testid="csv-range" className="font-medium text-neutral-800">
          Rows {from.toLocaleString('en')}–{to.toLocaleString('en')} of{' '}
          {s.rows.toLocaleString('en')}
        </span>
        <button
          type="button"
          data-testid="csv-next"
          disabled={to >= s.rows}
          onClick={() => setFrom(from + WINDOW)}
          className="rounded px-2 py-1 hover:bg-neutral-100 disabled:opacity-40"
        >
          Next ›
        </button>
        <form
          className="ml-auto flex items-center gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            jump();
          }}
        >
          <label htmlFor="csv-goto">Row</label>
          <input
            id="csv-goto"
            data-testid="csv-goto"
            inputMode="numeric"
            value={goTo}
            onChange={(e) => setGoTo(e.target.value)}
            className="w-20 rounded border border-neutral-200 px-1.5 py-0.5"
          />
          <button type="submit" className="rounded px-2 py-1 hover:bg-neutral-100">
            Go
          </button>
        </form>
      </div>
      <details className="border-b border-neutral-100 px-4 py-2 text-xs">
        <summary className="cursor-pointer text-neutral-600 select-none">
          {s.columns.length} columns · {s.encoding}, delimiter {JSON.stringify(s.delimiter)}
          {s.header ? '' : ' · no header row'}
        </summary>
        <table data-testid="csv-columns" className="mt-2 w-full text-left">
          <thead className="text-neutral-500">
            <tr>
              {['Column', 'Type', 'Empty', 'Distinct', 'Min', 'Max'].map((h) => (
                <th key={h} className="py-1 pr-3 font-medium">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="text-neutral-700">
            {s.columns.map((c) => (
              <tr key={c.name} className="border-t border-neutral-100">
                <td className="py-1 pr-3 font-medium">{c.name}</td>
                <td className="py-1 pr-3">{c.type}</td>
                <td className="py-1 pr-3">{c.empty.toLocaleString('en')}</td>
                <td className="py-1 pr-3">
                  {c.distinct.toLocaleString('en')}
                  {c.distinctCapped ? '+' : ''}
                </td>
                <td className="max-w-40 truncate py-1 pr-3">{stat(c.min)}</td>
                <td className="max-w-40 truncate py-1 pr-3">{stat(c.max)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      {shown.error ? (
        <InlineError
          message={shown.error}
          testId="csv-error"
          className="m-4"
          onRetry={shown.reload}
        />
      ) : !s.rows ? (
        <p className="p-4 text-sm text-neutral-500">The file has a header but no data rows.</p>
      ) : (
        <div className="overflow-x-auto">
          <table
            data-testid="csv-table"
            className="min-w-full text-left text-[13px]"
            aria-busy={!shown.data}
          >
            <thead className="sticky top-0 bg-neutral-50 text-xs text-neutral-500">
              <tr>
                <th className="w-12 border-b border-neutral-200 px-2 py-1.5 text-right font-medium">
                  #
                </th>
                {s.columns.map((c) => (
                  <th
                    key={c.name}
                    className="border-b border-neutral-200 px-2 py-1.5 font-medium whitespace-nowrap"
                  >
                    {c.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {(shown.data?.rows ?? []).map((r) => {
                const hit = r.row === target;
                return (
                  <tr
                    key={r.row}
                    ref={hit ? cited : undefined}
                    data-testid={hit ? 'csv-row-cited' : 'csv-row'}
                    data-row={r.row}
                    className={
                      hit
                        ? 'bg-amber-100 ring-1 ring-amber-300 ring-inset'
                        : 'odd:bg-white even:bg-neutral-50/60'
                    }
                  >
                    <td className="border-b border-neutral-100 px-2 py-1 text-right font-mono text-xs text-neutral-400">
                      {r.row}
                    </td>
                    {s.columns.map((c, i) => (
                      <td
                        key={c.name}
                        className="max-w-xs truncate border-b border-neutral-100 px-2 py-1 text-neutral-800"
                        title={r.cells[i]}
                      >
                        {r.cells[i]}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
