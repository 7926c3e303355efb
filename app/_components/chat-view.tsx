'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { ApiError, api, errorMessage, isUnauthorized } from '../_lib/api';
import type { ChatSeeds, ConversationDetail } from '../_lib/types';
import { useFirstShowing } from '../_lib/use-first-showing';
import { useApp } from './app-context';
import { AppLink } from './app-link';
import { ChatSession } from './chat-session';

/** What the server read for the first render (app/_server/page-data.ts). */
export type ChatViewInitial =
  | { detail: ConversationDetail; seeds: ChatSeeds }
  | { error: { status: number; message: string } };

type LoadError = { notFound: boolean; message: string };

const errorOf = (status: number, message: string): LoadError => ({
  notFound: status === 404,
  message,
});

/**
 * Loads one conversation, then hands it to the chat session. Given `initial` (read on the server
 * while the page rendered), starts from it instead of asking the API.
 */
export function ChatView({
  conversationId,
  initial,
}: {
  conversationId: string;
  initial?: ChatViewInitial;
}) {
  const router = useRouter();
  const { workspaces, workspace, selectWorkspace } = useApp();
  // A payload the router kept (back, forward) is stale: then the conversation is read afresh.
  const fresh = useFirstShowing(initial);
  const [detail, setDetail] = useState<ConversationDetail | null>(() =>
    fresh && initial && 'detail' in initial ? initial.detail : null,
  );
  const [error, setError] = useState<LoadError | null>(() =>
    fresh && initial && 'error' in initial
      ? errorOf(initial.error.status, initial.error.message)
      : null,
  );

  useEffect(() => {
    if (fresh) return;
    const ctrl = new AbortController();
    api<ConversationDetail>(`/api/conversations/${encodeURIComponent(conversationId)}`, {
      signal: ctrl.signal,
    })
      .then(setDetail)
      .catch((err) => {
        if (ctrl.signal.aborted) return;
        if (isUnauthorized(err)) {
          router.replace('/signin');
          return;
        }
        setError({
          notFound: err instanceof ApiError && err.status === 404,
          message: errorMessage(err),
        });
      });
    return () => ctrl.abort();
  }, [conversationId, router, initial, fresh]);

  // Opening a conversation of another workspace switches the sidebar to it (once per load, so a
  // later manual switch sticks).
  const convWorkspace = detail?.conversation.workspaceId;
  const latest = useRef({ workspaces, workspace, selectWorkspace });
  latest.current = { workspaces, workspace, selectWorkspace };
  useEffect(() => {
    const { workspaces: list, selectWorkspace: select } = latest.current;
    // chosen even when already shown, so a choice stored before the page loaded cannot undo it
    if (convWorkspace && list.some((w) => w.id === convWorkspace)) select(convWorkspace);
  }, [convWorkspace]);

  if (error) {
    return (
      <div className="flex h-full items-center justify-center p-6">
        <div data-testid="conversation-error" className="max-w-sm text-center">
          <h1 className="text-lg font-semibold text-neutral-900">
            {error.notFound ? 'Conversation not found' : 'Could not open this conversation'}
          </h1>
          <p className="mt-1 text-sm text-neutral-600">
            {error.notFound
              ? 'It may have been deleted, or you may not have access to it.'
              : error.message}
          </p>
          <AppLink
            href="/c"
            className="mt-4 inline-block text-sm font-medium text-accent-700 hover:underline"
          >
            Back to conversations
          </AppLink>
        </div>
      </div>
    );
  }
  if (!detail) {
    return (
      <div
        className="flex h-full items-center justify-center text-sm text-neutral-400"
        aria-busy="true"
      >
        Loading conversation…
      </div>
    );
  }
  // The seeds came with the server's conversation: with one read afresh, the session asks itself.
  const seeds = fresh && initial && 'seeds' in initial ? initial.seeds : undefined;
  return <ChatSession initial={detail} seeds={seeds} />;
}
