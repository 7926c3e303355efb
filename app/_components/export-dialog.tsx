'use client';

import { useId, useState } from 'react';
import { errorMessage } from '../_lib/api';
import { downloadPackage, type ReferencesMode } from '../_lib/packages';
import { formatBytes, type ReferenceView } from '../_lib/references';
import { Button } from './button';
import { InlineError } from './inline-error';
import { SideDrawer } from './side-drawer';

type Props = {
  conversationId: string;
  messages: number;
  images: number;
  /** Images a reviewer approved: the package may hold only those. */
  approvedImages: number;
  /** null while the conversation's references are still loading. */
  references: ReferenceView[] | null;
  onClose: () => void;
};

const CHOICES: Array<{ mode: ReferencesMode; label: string; hint: string }> = [
  { mode: 'files', label: 'Include reference files', hint: 'The PDFs, CSVs and PNGs themselves.' },
  {
    mode: 'hashes',
    label: 'Hashes only',
    hint: 'Names and SHA-256 of the files; the files stay here.',
  },
];

/** What the package will hold, a choice for reference files, and the download. */
export function ExportDialog({
  conversationId,
  messages,
  images,
  approvedImages,
  references: loaded,
  onClose,
}: Props) {
  const references = loaded ?? [];
  const titleId = useId();
  const [mode, setMode] = useState<ReferencesMode>('files');
  const [approvedOnly, setApprovedOnly] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ filename: string; bytes: number; sha256: string } | null>(
    null,
  );
  const refBytes = references.reduce((n, r) => n + r.bytes, 0);

  async function download() {
    setBusy(true);
    setError(null);
    try {
      setDone(await downloadPackage(conversationId, mode, approvedOnly));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const contents = [
    `Transcript of ${messages} message${messages === 1 ? '' : 's'}, every branch (Markdown and JSON)`,
    approvedOnly
      ? `The ${approvedImages} approved image${approvedImages === 1 ? '' : 's'} as PNG (the others named, not included), with each generation's settings and record`
      : `${images} image${images === 1 ? '' : 's'} as PNG, with each generation's settings and record`,
    !loaded
      ? 'References: counting…'
      : references.length
        ? `${references.length} reference${references.length === 1 ? '' : 's'}: ${mode === 'files' ? `the files (${formatBytes(refBytes)})` : 'names and hashes only'}`
        : 'No references',
    "The conversation's audit events and the checkpoint signed on this export",
    "SHA256SUMS, signed with this installation's key",
  ];

  return (
    <SideDrawer
      titleId={titleId}
      testId="export-dialog"
      closeTestId="export-close"
      width="max-w-md"
      placement="center"
      onClose={onClose}
      header={
        <div className="min-w-0 flex-1">
          <h2 id={titleId} className="text-base font-semibold text-neutral-900">
            Export as a signed package
          </h2>
          <p className="mt-0.5 text-sm text-neutral-600">
            One zip that anyone can verify offline, and another Atelier can import.
          </p>
        </div>
      }
    >
      <div className="overflow-y-auto px-4 pt-3 pb-4">
        {references.length ? (
          <fieldset className="space-y-2">
            <legend className="text-xs font-medium tracking-wide text-neutral-500 uppercase">
              References
            </legend>
            {CHOICES.map((c) => (
              <label
                key={c.mode}
                className={`flex cursor-pointer gap-2.5 rounded-lg border px-3 py-2 text-sm ${mode === c.mode ? 'border-accent-500 bg-accent-50' : 'border-neutral-200 hover:bg-neutral-50'}`}
              >
                <input
                  type="radio"
                  name="references"
                  value={c.mode}
                  data-testid={`export-references-${c.mode}`}
                  checked={mode === c.mode}
                  onChange={() => setMode(c.mode)}
                  className="mt-0.5 accent-accent-600"
                />
                <span>
                  <span className="block font-medium text-neutral-900">{c.label}</span>
                  <span className="block text-xs text-neutral-500">{c.hint}</span>
                </span>
              </label>
            ))}
          </fieldset>
        ) : null}
        {images ? (
          <label
            className={`${references.length ? 'mt-4' : ''} flex gap-2.5 text-sm ${approvedImages ? 'cursor-pointer' : 'text-neutral-400'}`}
          >
            <input
              type="checkbox"
              data-testid="export-approved-only"
              checked={approvedOnly}
              disabled={!approvedImages}
              onChange={(e) => setApprovedOnly(e.target.checked)}
              className="mt-0.5 accent-accent-600"
            />
            <span>
              <span className="block font-medium">Approved images only</span>
              <span className="block text-xs text-neutral-500">
                {approvedImages
                  ? `${approvedImages} of ${images} approved in review.`
                  : 'No image is approved yet: approve images in the gallery viewer.'}
              </span>
            </span>
          </label>
        ) : null}
        <h3
          className={`${references.length || images ? 'mt-4' : ''} text-xs font-medium tracking-wide text-neutral-500 uppercase`}
        >
          In the package
        </h3>
        <ul data-testid="export-contents" className="mt-1.5 space-y-1 text-sm text-neutral-700">
          {contents.map((line) => (
            <li key={line} className="flex gap-2">
              <span className="text-neutral-400" aria-hidden>
                •
              </span>
              {line}
            </li>
          ))}
        </ul>
        <InlineError message={error} testId="export-error" className="mt-3" />
        {done ? (
          <p
            data-testid="export-done"
            className="mt-3 rounded-lg bg-green-50 px-3 py-2 text-xs break-all text-green-800"
          >
            Downloaded {done.filename} ({formatBytes(done.bytes)}) · SHA-256{' '}
            {done.sha256.slice(0, 16)}…
          </p>
        ) : null}
        <div className="mt-5 flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            {done ? 'Done' : 'Cancel'}
          </Button>
          <Button data-testid="export-download" onClick={download} disabled={busy}>
            {busy ? 'Packaging…' : 'Download package'}
          </Button>
        </div>
      </div>
    </SideDrawer>
  );
}
