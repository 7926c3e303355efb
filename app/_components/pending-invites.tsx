'use client';

import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../_lib/api';
import type { PendingInvite } from '../_lib/types';
import { InlineError } from './inline-error';

const ROLE_LABEL = { owner: 'Owner', editor: 'Editor', viewer: 'Viewer' } as const;

/** Invites not used yet, each with Revoke; `version` changes when one is added. */
export function PendingInvites({ workspaceId, version }: { workspaceId: string; version: number }) {
  const [invites, setInvites] = useState<PendingInvite[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const base = `/api/workspaces/${encodeURIComponent(workspaceId)}/invites`;

  const load = useCallback(async () => {
    try {
      setInvites((await api<{ invites: PendingInvite[] }>(base)).invites);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [base]);

  useEffect(() => {
    void version;
    void load();
  }, [load, version]);

  const revoke = async (id: string) => {
    try {
      await api(`${base}/${encodeURIComponent(id)}`, { method: 'DELETE' });
      await load();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  if (!invites?.length && !error) return null;
  return (
    <div className="mt-5 border-t border-neutral-100 pt-4">
      <h3 className="mb-2 text-sm font-medium text-neutral-800">Pending invites</h3>
      <InlineError
        message={error}
        testId="invites-error"
        className="mb-2"
        onRetry={invites ? undefined : () => void load()}
      />
      <ul
        data-testid="invites-list"
        className="divide-y divide-neutral-100 rounded-lg border border-neutral-200"
      >
        {(invites ?? []).map((i) => (
          <li
            key={i.id}
            data-testid="invite"
            data-email={i.email}
            className="flex items-center gap-3 px-3 py-2 text-sm"
          >
            <div className="min-w-0 flex-1">
              <div className="truncate text-neutral-800">{i.email}</div>
              <div className="truncate text-xs text-neutral-500">
                {ROLE_LABEL[i.role]} · invited by {i.invitedBy} · expires{' '}
                {new Date(i.expiresAt).toLocaleDateString()}
              </div>
            </div>
            <button
              type="button"
              data-testid="invite-revoke"
              onClick={() => void revoke(i.id)}
              className="rounded-md px-2 py-1 text-xs text-neutral-500 hover:bg-red-50 hover:text-red-700"
            >
              Revoke
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
