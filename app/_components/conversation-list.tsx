'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../_lib/api';
import type { ConversationSummary } from '../_lib/types';
import { useApp } from './app-context';
import { ConversationItem } from './conversation-item';
import { InlineError } from './inline-error';

export function ConversationList({
  query,
  onNavigate,
}: {
  query: string;
  onNavigate?: () => void;
}) {
  const { workspace, listVersion, listSeed } = useApp();
  const pathname = usePathname();
  const router = useRouter();
  const activeId = pathname.startsWith('/c/')
    ? decodeURIComponent(pathname.slice(3).split('/')[0])
    : null;
  const workspaceId = workspace?.id;
  // The page's HTML came with the list of the workspace it opened on: it stands for the first ask.
  const seed = listSeed?.workspaceId === workspaceId && !query ? listSeed : undefined;
  const [items, setItems] = useState<ConversationSummary[] | null>(seed?.conversations ?? null);
  const seeded = useRef(Boolean(seed));
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (seeded.current) {
      seeded.current = false;
      return;
    }
    if (!workspaceId) {
      setItems([]);
      return;
    }
    const ctrl = new AbortController();
    const params = new URLSearchParams({ workspaceId });
    if (query.trim()) params.set('q', query.trim());
    api<{ conversations: ConversationSummary[] }>(`/api/conversations?${params}`, {
      signal: ctrl.signal,
    })
      .then((data) => {
        setItems(data.conversations);
        setError(null);
      })
      .catch((err) => {
        if (ctrl.signal.aborted) return;
        setError(errorMessage(err));
      });
    return () => ctrl.abort();
  }, [workspaceId, query, listVersion, attempt]);

  if (error)
    return (
      <InlineError
        message={`The conversations could not be loaded: ${error}`}
        testId="conversation-list-error"
        size="xs"
        onRetry={() => {
          setError(null);
          setAttempt((n) => n + 1);
        }}
      />
    );
  if (!items) return <p className="px-2 py-2 text-xs text-neutral-500">Loading…</p>;
  if (items.length === 0) {
    return (
      <p data-testid="conversation-list-empty" className="px-2 py-2 text-xs text-neutral-500">
        {query.trim() ? 'No conversation matches that title.' : 'No conversations yet.'}
      </p>
    );
  }
  return (
    <ul data-testid="conversation-list" className="space-y-0.5">
      {items.map((c) => (
        <ConversationItem
          key={c.id}
          conversation={c}
          active={c.id === activeId}
          canEdit={workspace?.role !== 'viewer'}
          onOpen={onNavigate}
          onRenamed={(id, title) =>
            setItems((prev) => prev?.map((x) => (x.id === id ? { ...x, title } : x)) ?? prev)
          }
          onDeleted={(id) => {
            setItems((prev) => prev?.filter((x) => x.id !== id) ?? prev);
            if (id === activeId) router.push('/c');
          }}
        />
      ))}
    </ul>
  );
}
