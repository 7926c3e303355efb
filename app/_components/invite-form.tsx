'use client';

import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../_lib/api';
import type { Role } from '../_lib/types';
import { Button } from './button';
import { inputClass } from './form-field';
import { InlineError } from './inline-error';

export function InviteForm({
  workspaceId,
  onAdded,
  onInvited,
}: {
  workspaceId: string;
  /** Someone with an account was added as a member. */
  onAdded: () => void;
  /** An invite link was made for someone without one. */
  onInvited?: () => void;
}) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{
    email: string;
    added: boolean;
    link: string | null;
  } | null>(null);
  const [copied, setCopied] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    setCopied(false);
    try {
      const res = await api<{ added: boolean; token: string | null }>(
        `/api/workspaces/${encodeURIComponent(workspaceId)}/invites`,
        {
          method: 'POST',
          body: { email: email.trim(), role },
        },
      );
      const link = res.token
        ? `${window.location.origin}/signup?invite=${encodeURIComponent(res.token)}`
        : null;
      setResult({ email: email.trim(), added: res.added, link });
      setEmail('');
      if (res.added) onAdded();
      else onInvited?.();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function copy(link: string) {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }

  return (
    <div className="space-y-3">
      <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-2">
        <label className="min-w-48 flex-1">
          <span className="mb-1 block text-xs font-medium text-neutral-600">Email</span>
          <input
            data-testid="invite-email"
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            className={inputClass}
            placeholder="colleague@example.com"
          />
        </label>
        <label>
          <span className="mb-1 block text-xs font-medium text-neutral-600">Role</span>
          <select
            data-testid="invite-role"
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
            className={inputClass}
          >
            <option value="editor">Editor</option>
            <option value="viewer">Viewer</option>
            <option value="owner">Owner</option>
          </select>
        </label>
        <Button data-testid="invite-submit" type="submit" disabled={busy}>
          {busy ? 'Inviting…' : 'Invite'}
        </Button>
      </form>
      <InlineError message={error} testId="invite-error" />
      {result ? (
        <div className="rounded-lg border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-800">
          {result.added ? (
            <p>{result.email} already had an account and was added to this workspace.</p>
          ) : null}
          {result.link ? (
            <>
              <p>
                Send this link to {result.email}. It lets them create an account and join this
                workspace.
              </p>
              <div className="mt-2 flex gap-2">
                <input
                  data-testid="invite-link"
                  readOnly
                  value={result.link}
                  onFocus={(e) => e.currentTarget.select()}
                  className={`${inputClass} font-mono text-xs`}
                />
                <Button variant="secondary" onClick={() => void copy(result.link!)}>
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              </div>
            </>
          ) : null}
          {!result.added && !result.link ? <p>Invitation recorded.</p> : null}
        </div>
      ) : null}
    </div>
  );
}
