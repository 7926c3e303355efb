'use client';

import { useNewConversation } from '../_lib/use-new-conversation';
import { useApp } from './app-context';

export function EmptyConversation() {
  const { workspace } = useApp();
  const { create, busy, error, canCreate } = useNewConversation();
  return (
    <div className="flex h-full items-center justify-center p-6">
      <div className="max-w-md text-center">
        <div
          className="mx-auto mb-4 flex h-12 w-12 items-center justify-center rounded-2xl bg-accent-50 text-xl text-accent-700"
          aria-hidden
        >
          ✦
        </div>
        <h1 className="text-xl font-semibold tracking-tight text-neutral-900">
          Start from a brief
        </h1>
        <p className="mt-2 text-sm leading-relaxed text-neutral-600">
          Describe the asset you need. The assistant grounds the prompt in your references and a web
          search, renders a draft or an HD image, and records every step so the result can be
          audited and reproduced.
        </p>
        {workspace ? (
          <p className="mt-1 text-xs text-neutral-400">Workspace: {workspace.name}</p>
        ) : null}
        <button
          type="button"
          data-testid="new-conversation-empty"
          onClick={() => void create()}
          disabled={busy || !canCreate}
          className="mt-5 inline-flex items-center gap-1.5 rounded-lg bg-accent-600 px-4 py-2 text-sm font-medium text-white hover:bg-accent-700 disabled:cursor-not-allowed disabled:bg-accent-300"
        >
          <span aria-hidden>+</span> New conversation
        </button>
        {!canCreate && workspace ? (
          <p className="mt-2 text-xs text-neutral-500">
            You have view-only access to this workspace.
          </p>
        ) : null}
        {error ? <p className="mt-2 text-sm text-red-600">{error}</p> : null}
      </div>
    </div>
  );
}
