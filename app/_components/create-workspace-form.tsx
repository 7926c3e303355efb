'use client';

import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../_lib/api';
import type { Workspace } from '../_lib/types';
import { useApp } from './app-context';
import { Button } from './button';
import { inputClass } from './form-field';
import { InlineError } from './inline-error';
import { SettingsSection } from './settings-section';

export function CreateWorkspaceForm() {
  const { addWorkspace } = useApp();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setCreated(null);
    try {
      const { workspace } = await api<{ workspace: Workspace }>('/api/workspaces', {
        method: 'POST',
        body: { name: name.trim() },
      });
      addWorkspace(workspace);
      setCreated(workspace.name);
      setName('');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <SettingsSection
      title="Create a team workspace"
      description="A shared space with its own members, conversations and references. You become its owner."
      testId="create-workspace-section"
    >
      <form onSubmit={onSubmit} className="flex flex-wrap gap-2">
        <input
          data-testid="workspace-name"
          aria-label="Workspace name"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="e.g. Spring campaign"
          className={`${inputClass} min-w-48 flex-1`}
        />
        <Button data-testid="workspace-create" type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create workspace'}
        </Button>
      </form>
      <div className="mt-2">
        <InlineError message={error} testId="workspace-error" />
        {created ? (
          <p className="text-sm text-emerald-700">
            Created “{created}”. It is now your current workspace.
          </p>
        ) : null}
      </div>
    </SettingsSection>
  );
}
