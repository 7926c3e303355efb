'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { ApiError, api, errorMessage, isUnauthorized } from '../_lib/api';
import type { ConversationDetail } from '../_lib/types';
import { useApp } from './app-context';
import { ChatSession } from './chat-session';

/** Loads one conversation, then hands it to the chat session. */
export function ChatView({ conversationId }: { conversationId: string }) {
  const router = useRouter();
  const { workspaces, workspace, selectWorkspace } = useApp();
  const [detail, setDetail] = useState<ConversationDetail | null>(null);
  const [error, setError] = useState<{ notFound: boolean; message: string } | null>(null);

  useEffect(() => {
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
  }, [conversationId, router]);

  // Opening a conversation of another workspace switches the sidebar to it (once per load, so a
  // later manual switch sticks).
  const convWorkspace = detail?.conversation.workspaceId;
  const latest = useRef({ workspaces, workspace, selectWorkspace });
  latest.current = { workspaces, workspace, selectWorkspace };
  useEffect(() => {
    const { workspaces: list, workspace: current, selectWorkspace: select } = latest.current;
    if (convWorkspace && convWorkspace !== current?.id && list.some((w) => w.id === convWorkspace))
      select(convWorkspace);
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
          <Link
            href="/c"
            className="mt-4 inline-block text-sm font-medium text-accent-700 hover:underline"
          >
            Back to conversations
          </Link>
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
  return <ChatSession initial={detail} />;
}
