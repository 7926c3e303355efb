'use client';

import { useEffect, useState } from 'react';
import { useNewConversation } from '../_lib/use-new-conversation';
import { AppLink } from './app-link';
import { ConversationList } from './conversation-list';
import { ImportPackageButton } from './import-package-button';
import { UserMenu } from './user-menu';
import { WorkspaceSwitcher } from './workspace-switcher';

export function Sidebar({
  onNavigate,
  onShortcuts,
}: {
  onNavigate?: () => void;
  onShortcuts?: () => void;
}) {
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const { create, busy, error, canCreate } = useNewConversation();

  useEffect(() => {
    const t = setTimeout(() => setQuery(search), 250);
    return () => clearTimeout(t);
  }, [search]);

  return (
    <div className="flex h-full flex-col">
      <div className="space-y-3 p-3">
        <AppLink href="/c" className="flex items-center gap-2 px-1" onClick={onNavigate}>
          <span
            className="flex h-7 w-7 items-center justify-center rounded-lg bg-accent-600 text-xs font-semibold text-white"
            aria-hidden
          >
            A
          </span>
          <span className="font-semibold tracking-tight text-neutral-900">Atelier</span>
        </AppLink>
        <WorkspaceSwitcher />
        <button
          type="button"
          data-testid="new-conversation"
          onClick={() => {
            onNavigate?.();
            void create();
          }}
          disabled={busy || !canCreate}
          title={canCreate ? undefined : 'You can only view this workspace'}
          className="flex w-full items-center justify-center gap-1.5 rounded-lg bg-accent-600 px-3 py-2 text-sm font-medium text-white hover:bg-accent-700 disabled:cursor-not-allowed disabled:bg-accent-300"
        >
          <span aria-hidden>+</span> New conversation
        </button>
        {error ? <p className="text-xs text-red-600">{error}</p> : null}
        <ImportPackageButton onNavigate={onNavigate} />
        <AppLink
          href="/images"
          onClick={onNavigate}
          data-testid="workspace-images"
          className="flex items-center gap-2 rounded-lg px-2 py-1.5 text-sm text-neutral-700 hover:bg-neutral-100"
        >
          <span aria-hidden>▦</span> Images
        </AppLink>
        <input
          type="search"
          data-testid="conversation-search"
          placeholder="Search titles…"
          aria-label="Search conversations by title"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          className="block w-full rounded-lg border border-neutral-200 bg-white px-2.5 py-1.5 text-sm placeholder:text-neutral-400 focus:border-accent-500 focus:outline-none"
        />
      </div>
      <nav aria-label="Conversations" className="min-h-0 flex-1 overflow-y-auto px-2 pb-2">
        <ConversationList query={query} onNavigate={onNavigate} />
      </nav>
      <div className="border-t border-neutral-200 p-2">
        <UserMenu onShortcuts={onShortcuts} />
      </div>
    </div>
  );
}
