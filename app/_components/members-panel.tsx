'use client';

import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../_lib/api';
import type { Member } from '../_lib/types';
import { useApp } from './app-context';
import { InlineError } from './inline-error';
import { InviteForm } from './invite-form';
import { PendingInvites } from './pending-invites';
import { SettingsSection } from './settings-section';
import { WorkspaceSwitcher } from './workspace-switcher';

const ROLE_LABEL = { owner: 'Owner', editor: 'Editor', viewer: 'Viewer' } as const;

export function MembersPanel() {
  const { workspace, user } = useApp();
  const [members, setMembers] = useState<Member[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [invited, setInvited] = useState(0);
  const workspaceId = workspace?.id;

  const load = useCallback(async () => {
    if (!workspaceId) return;
    try {
      const res = await api<{ members: Member[] }>(
        `/api/workspaces/${encodeURIComponent(workspaceId)}/members`,
      );
      setMembers(res.members);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [workspaceId]);

  useEffect(() => {
    setMembers(null);
    void load();
  }, [load]);

  const canInvite = Boolean(workspace && (workspace.role === 'owner' || user.isAdmin));
  const canManage = Boolean(workspace && !workspace.personal && canInvite);

  const act = async (userId: string, init: { method: 'PATCH' | 'DELETE'; body?: unknown }) => {
    try {
      await api(
        `/api/workspaces/${encodeURIComponent(workspaceId!)}/members/${encodeURIComponent(userId)}`,
        init,
      );
      await load();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <SettingsSection
      title="Workspace members"
      description="People who can see this workspace's conversations, references and images."
      testId="members-section"
    >
      <div className="mb-4 max-w-xs">
        <WorkspaceSwitcher />
      </div>
      <InlineError
        message={error}
        testId="members-error"
        className="mb-3"
        onRetry={members ? undefined : () => void load()}
      />
      {!members && !error ? <p className="text-sm text-neutral-500">Loading…</p> : null}
      {members ? (
        <ul
          data-testid="members-list"
          className="divide-y divide-neutral-100 rounded-lg border border-neutral-200"
        >
          {members.map((m) => (
            <li
              key={m.userId}
              data-testid="member"
              data-email={m.email}
              className="flex items-center gap-3 px-3 py-2 text-sm"
            >
              <div className="min-w-0 flex-1">
                <div className="truncate font-medium text-neutral-800">
                  {m.name}
                  {m.userId === user.id ? (
                    <span className="ml-1 text-xs font-normal text-neutral-500">(you)</span>
                  ) : null}
                </div>
                <div className="truncate text-xs text-neutral-500">{m.email}</div>
              </div>
              {canManage ? (
                <>
                  <select
                    data-testid="member-role"
                    aria-label={`Role of ${m.name}`}
                    value={m.role}
                    onChange={(e) =>
                      void act(m.userId, { method: 'PATCH', body: { role: e.target.value } })
                    }
                    className="rounded-md border border-neutral-300 bg-white px-2 py-1 text-xs"
                  >
                    {Object.entries(ROLE_LABEL).map(([value, label]) => (
                      <option key={value} value={value}>
                        {label}
                      </option>
                    ))}
                  </select>
                  <button
                    type="button"
                    data-testid="member-remove"
                    onClick={() => void act(m.userId, { method: 'DELETE' })}
                    className="rounded-md px-2 py-1 text-xs text-neutral-500 hover:bg-red-50 hover:text-red-700"
                  >
                    {m.userId === user.id ? 'Leave' : 'Remove'}
                  </button>
                </>
              ) : (
                <span className="rounded-full bg-neutral-100 px-2 py-0.5 text-xs text-neutral-600">
                  {ROLE_LABEL[m.role] ?? m.role}
                </span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {canInvite && workspaceId ? (
        <div className="mt-5 border-t border-neutral-100 pt-4">
          <h3 className="mb-2 text-sm font-medium text-neutral-800">Invite someone</h3>
          <InviteForm
            workspaceId={workspaceId}
            onAdded={() => void load()}
            onInvited={() => setInvited((n) => n + 1)}
          />
        </div>
      ) : null}
      {canManage && workspaceId ? (
        <PendingInvites workspaceId={workspaceId} version={invited} />
      ) : null}
    </SettingsSection>
  );
}
