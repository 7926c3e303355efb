'use client';

import {
  describe,
  formatBytes,
  KIND_LABEL,
  type ReferenceView,
  type RefPlace,
} from '../_lib/references';
import { useApiGet } from '../_lib/use-api-get';
import { CsvView } from './csv-view';
import { InlineError } from './inline-error';
import { PdfView } from './pdf-view';
import { PngView } from './png-view';
import { ReferenceIcon } from './reference-icon';
import { SideDrawer } from './side-drawer';

/** A side drawer showing one reference: PDF pages, the CSV table, or the PNG with its palette. */
export function ReferenceViewer({
  id,
  place,
  onClose,
}: {
  id: string;
  place: RefPlace;
  onClose: () => void;
}) {
  const current = useApiGet<{ reference: ReferenceView }>(
    `/api/references/${encodeURIComponent(id)}`,
  );
  const r = current.data?.reference;
  // A new place starts the view afresh (page, row window, highlighted row).
  const viewKey = `${id} ${JSON.stringify(place)}`;
  return (
    <SideDrawer
      titleId="reference-title"
      testId="reference-viewer"
      closeTestId="reference-viewer-close"
      width="max-w-3xl"
      onClose={onClose}
      kind={r?.kind}
      header={
        <>
          <ReferenceIcon kind={r?.kind ?? null} />
          <div className="min-w-0 flex-1">
            <h2 id="reference-title" className="truncate text-sm font-semibold text-neutral-900">
              {r?.name ?? 'Reference'}
            </h2>
            {r ? (
              <p className="mt-0.5 flex flex-wrap gap-x-1.5 text-xs text-neutral-500">
                <span>{KIND_LABEL[r.kind]}</span>
                <span>· {describe(r)}</span>
                <span>· {formatBytes(r.bytes)}</span>
                <span title={`sha256 ${r.sha256}`}>· sha256 {r.sha256.slice(0, 12)}…</span>
              </p>
            ) : null}
          </div>
          {r ? (
            <a
              href={r.fileUrl}
              download={r.name}
              className="rounded-md px-2 py-1 text-xs text-neutral-600 hover:bg-neutral-100 hover:text-neutral-900"
            >
              Download
            </a>
          ) : null}
        </>
      }
    >
      {r?.notes.length ? (
        <ul className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-xs text-amber-800">
          {r.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
      <div className="min-h-0 flex-1 overflow-y-auto">
        {r?.kind === 'pdf' ? (
          <PdfView key={viewKey} reference={r} page={place && 'page' in place ? place.page : 1} />
        ) : r?.kind === 'csv' ? (
          <CsvView key={viewKey} reference={r} row={place && 'row' in place ? place.row : null} />
        ) : r?.kind === 'png' ? (
          <PngView reference={r} focus={place && 'part' in place ? place.part : null} />
        ) : current.error ? (
          <InlineError
            message={current.error}
            testId="reference-viewer-error"
            className="m-4"
            onRetry={current.reload}
          />
        ) : (
          <p className="p-4 text-sm text-neutral-500" aria-busy="true">
            Loading…
          </p>
        )}
      </div>
    </SideDrawer>
  );
}
