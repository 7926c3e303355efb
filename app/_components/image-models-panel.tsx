'use client';

import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../_lib/api';
import { useApp } from './app-context';
import { Button } from './button';
import { inputClass } from './form-field';
import { InlineError } from './inline-error';
import { SettingsSection } from './settings-section';

type ImageModel = { id: string; label: string; family: string; roles: string[]; builtin: boolean };
type Listing = { models: ImageModel[]; problems: Array<{ id: string; message: string }> };

/** The image models this server renders with; admins add diffusers ONNX folders by path. */
export function ImageModelsPanel() {
  const { user } = useApp();
  const [listing, setListing] = useState<Listing | null>(null);
  const [folder, setFolder] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setListing(await api<Listing>('/api/image-models'));
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);
  useEffect(() => void load(), [load]);

  async function onAdd(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('/api/image-models', { method: 'POST', body: { path: folder.trim() } });
      setFolder('');
      await load();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <SettingsSection
      title="Image models"
      description="What the image pipeline renders with. Draft and HD pick among these per message."
      testId="image-models-section"
    >
      {!listing ? <p className="text-sm text-neutral-500">Loading…</p> : null}
      {listing ? (
        <ul className="divide-y divide-neutral-100 rounded-lg border border-neutral-200">
          {listing.models.map((m) => (
            <li
              key={m.id}
              data-testid="image-model"
              className="flex items-center gap-3 px-3 py-2 text-sm"
            >
              <div className="min-w-0 flex-1">
                <div className="truncate font-medium text-neutral-800">{m.label}</div>
                <div className="truncate text-xs text-neutral-500">
                  {m.id} · {m.family}
                </div>
              </div>
              {m.roles.map((r) => (
                <span
                  key={r}
                  className="rounded-full bg-neutral-100 px-2 py-0.5 text-xs text-neutral-600"
                >
                  {r === 'hd' ? 'HD' : 'Draft'}
                </span>
              ))}
            </li>
          ))}
          {listing.problems.map((p) => (
            <li key={p.id} className="px-3 py-2 text-xs text-amber-700">
              {p.id}: {p.message}
            </li>
          ))}
        </ul>
      ) : null}
      {user.isAdmin ? (
        <form onSubmit={onAdd} className="mt-4 flex flex-wrap gap-2">
          <input
            data-testid="image-model-path"
            value={folder}
            onChange={(e) => setFolder(e.target.value)}
            placeholder="/path/to/sd-turbo-onnx (a diffusers ONNX folder on this server)"
            className={`${inputClass} min-w-0 flex-1`}
          />
          <Button data-testid="image-model-add" type="submit" disabled={busy || !folder.trim()}>
            Add model
          </Button>
        </form>
      ) : null}
      <InlineError
        message={error}
        testId="image-models-error"
        onRetry={listing ? undefined : () => void load()}
      />
    </SettingsSection>
  );
}
