'use client';

import { useRef, useState } from 'react';
import { api, errorMessage } from '../_lib/api';
import { describe, formatBytes, type ReferenceView } from '../_lib/references';
import { FilePickerInput } from './file-picker-input';
import { InlineError } from './inline-error';
import { useOpenReference } from './reference-context';
import { ReferenceIcon } from './reference-icon';

/** The file's preview (PNG, PDF first page) with its kind on it; the kind badge alone for a CSV. */
function ReferenceThumb({ reference: r }: { reference: ReferenceView }) {
  const [failed, setFailed] = useState(false);
  if (r.kind === 'csv' || failed) {
    return (
      <span className="flex h-12 w-10 shrink-0 items-center justify-center">
        <ReferenceIcon kind={r.kind} />
      </span>
    );
  }
  return (
    <span className="relative h-12 w-10 shrink-0 overflow-hidden rounded-md bg-white ring-1 ring-neutral-200">
      <img
        src={`${r.url}/thumbnail`}
        alt=""
        data-testid="reference-thumbnail"
        loading="lazy"
        onError={() => setFailed(true)}
        className={`h-full w-full ${r.kind === 'pdf' ? 'object-cover object-top' : 'bg-[repeating-conic-gradient(#f5f5f5_0_25%,#fff_0_50%)] bg-[length:8px_8px] object-contain'}`}
      />
      <span className="absolute right-0 bottom-0 rounded-tl bg-white/90 px-0.5 text-[8px] font-semibold text-neutral-600">
        {r.kind.toUpperCase()}
      </span>
    </span>
  );
}

type Props = {
  references: ReferenceView[] | null;
  error: string | null;
  canWrite: boolean;
  onChanged: () => void;
  onClose: () => void;
  onAdd: (files: File[]) => void;
};

/** The conversation's references: open one in the viewer, or delete it (editors). */
export function ReferencesPanel({ references, error, canWrite, onChanged, onClose, onAdd }: Props) {
  const picker = useRef<HTMLInputElement>(null);
  const open = useOpenReference();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  async function remove(id: string) {
    setConfirming(null);
    try {
      await api(`/api/references/${encodeURIComponent(id)}`, { method: 'DELETE' });
      setFailure(null);
    } catch (err) {
      setFailure(errorMessage(err));
    }
    onChanged();
  }

  // Beside the chat on wide screens; over it, dimmed, on narrower ones: from the right edge on a
  // tablet, as a sheet from the bottom on a phone, so the conversation stays in view above it.
  return (
    <>
      <div className="fixed inset-0 z-30 bg-black/30 lg:hidden" onClick={onClose} aria-hidden />
      <aside
        data-testid="references-panel"
        aria-label="References"
        className="fixed inset-x-0 bottom-0 z-40 flex max-h-[70dvh] w-full shrink-0 flex-col rounded-t-2xl border-t border-neutral-200 bg-neutral-50 shadow-xl sm:inset-x-auto sm:inset-y-0 sm:right-0 sm:h-full sm:max-h-none sm:w-72 sm:max-w-[85vw] sm:rounded-none sm:border-t-0 sm:border-l lg:static lg:z-auto lg:bg-neutral-50/60 lg:shadow-none"
      >
        <header className="flex items-center gap-2 border-b border-neutral-200 px-3 py-2.5">
          <h2 className="flex-1 text-sm font-semibold text-neutral-900">References</h2>
          {canWrite ? (
            <>
              <button
                type="button"
                data-testid="references-add"
                onClick={() => picker.current?.click()}
                title="Upload files; they also attach to your next message"
                className="rounded-md px-2 py-1 text-xs font-medium text-accent-700 hover:bg-accent-50"
              >
                + Add
              </button>
              <FilePickerInput inputRef={picker} onFiles={onAdd} testId="references-add-input" />
            </>
          ) : null}
          <button
            type="button"
            aria-label="Close references"
            onClick={onClose}
            className="rounded px-1.5 text-lg leading-none text-neutral-400 hover:bg-neutral-100 hover:text-neutral-800"
          >
            ×
          </button>
        </header>
        <div className="min-h-0 flex-1 overflow-y-auto p-2">
          <InlineError message={failure} size="xs" className="mb-2" />
          <InlineError
            message={error && `The references could not be loaded: ${error}`}
            testId="references-error"
            size="xs"
            className="mb-2"
            onRetry={onChanged}
          />
          {references === null && error ? null : references === null ? (
            <p className="px-2 py-3 text-xs text-neutral-500">Loading…</p>
          ) : references.length === 0 ? (
            <div className="px-2 py-6 text-center text-xs text-neutral-500">
              <p className="font-medium text-neutral-700">No references yet</p>
              <p className="mt-1">
                Drop a PDF brief, a CSV of copy or a PNG moodboard onto the conversation, or paste
                it into the message box.
              </p>
            </div>
          ) : (
            <ul className="space-y-1">
              {references.map((r) => (
                <li
                  key={r.id}
                  data-testid="reference-item"
                  data-kind={r.kind}
                  className="group rounded-lg border border-transparent bg-white px-2 py-2 shadow-xs hover:border-neutral-200"
                >
                  <div className="flex items-start gap-2">
                    <ReferenceThumb reference={r} />
                    <button
                      type="button"
                      data-testid="reference-open"
                      onClick={() => open?.(r.id)}
                      className="min-w-0 flex-1 text-left"
                    >
                      <p className="truncate text-[13px] font-medium text-neutral-900 group-hover:underline">
                        {r.name}
                      </p>
                      <p className="truncate text-[11px] text-neutral-500">
                        {describe(r)} · {formatBytes(r.bytes)}
                      </p>
                      {r.status === 'partial' ? (
                        <p className="text-[11px] text-amber-700">Read in part: {r.notes[0]}</p>
                      ) : null}
                    </button>
                    {canWrite ? (
                      <button
                        type="button"
                        data-testid="reference-delete"
                        aria-label={`Delete ${r.name}`}
                        onClick={() => setConfirming(r.id)}
                        className="invisible rounded px-1 text-xs text-neutral-400 group-hover:visible hover:bg-red-50 hover:text-red-700 focus:visible"
                      >
                        Delete
                      </button>
                    ) : null}
                  </div>
                  {confirming === r.id ? (
                    <div className="mt-2 flex items-center gap-2 rounded-md bg-red-50 px-2 py-1.5 text-[11px] text-red-800">
                      <span className="flex-1">
                        Delete it? Past answers keep their text, but its citations stop opening.
                      </span>
                      <button
                        type="button"
                        data-testid="reference-delete-confirm"
                        onClick={() => void remove(r.id)}
                        className="rounded bg-red-600 px-2 py-0.5 font-medium text-white hover:bg-red-700"
                      >
                        Delete
                      </button>
                      <button
                        type="button"
                        onClick={() => setConfirming(null)}
                        className="rounded px-1.5 py-0.5 hover:bg-red-100"
                      >
                        Keep
                      </button>
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </div>
      </aside>
    </>
  );
}
