'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useState } from 'react';
import { useApp } from '../_components/app-context';
import { api, errorMessage } from './api';
import type { Conversation } from './types';

/** Creates a conversation in the current workspace and opens it. */
export function useNewConversation() {
  const router = useRouter();
  const { workspace, refreshConversations } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const create = useCallback(async () => {
    if (!workspace) {
      setError('Choose a workspace first.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { conversation } = await api<{ conversation: Conversation }>('/api/conversations', {
        method: 'POST',
        body: { workspaceId: workspace.id },
      });
      refreshConversations();
      router.push(`/c/${conversation.id}`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }, [workspace, refreshConversations, router]);

  return { create, busy, error, canCreate: Boolean(workspace && workspace.role !== 'viewer') };
}
