'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { errorMessage } from '../_lib/api';
import { importPackageFile } from '../_lib/packages';
import { useApp } from './app-context';
import { markdownLoaded } from './markdown';

/** Picks a package file and imports it into the current workspace; a refusal says why. */
export function ImportPackageButton({ onNavigate }: { onNavigate?: () => void }) {
  const router = useRouter();
  const { workspace, refreshConversations } = useApp();
  const picker = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canImport = Boolean(workspace && workspace.role !== 'viewer');

  async function take(file: File | undefined) {
    if (!file || !workspace) return;
    setBusy(true);
    setError(null);
    try {
      // The imported conversation is rendered here, not on the server: the markdown renderer loads
      // while the package is verified, so its answers show formatted rather than as written.
      const [{ conversation }] = await Promise.all([
        importPackageFile(workspace.id, file),
        markdownLoaded(),
      ]);
      refreshConversations();
      onNavigate?.();
      router.push(`/c/${conversation.id}`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div>
      <button
        type="button"
        data-testid="import-package"
        onClick={() => picker.current?.click()}
        disabled={busy || !canImport}
        title={
          canImport
            ? 'Import a signed package as a read-only conversation'
            : 'You can only view this workspace'
        }
        className="flex w-full items-center justify-center gap-1.5 rounded-lg border border-neutral-300 bg-white px-3 py-1.5 text-xs font-medium text-neutral-700 hover:bg-neutral-50 disabled:cursor-not-allowed disabled:text-neutral-400"
      >
        {busy ? 'Verifying and importing…' : 'Import package…'}
      </button>
      <input
        ref={picker}
        type="file"
        accept=".zip,application/zip"
        data-testid="import-package-input"
        className="hidden"
        onChange={(e) => {
          void take(e.target.files?.[0]);
          e.target.value = '';
        }}
      />
      {error ? (
        <p role="alert" data-testid="import-error" className="mt-1 text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}
