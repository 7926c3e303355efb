'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { api, errorMessage } from './api';
import type { User } from './types';

/**
 * Posts a sign-in or sign-up form and, once the session is set, opens the conversations. A refusal
 * is shown as `error` (after `onRefused` has seen it) and the form can be sent again.
 */
export function useAuthSubmit(path: '/api/auth/signin' | '/api/auth/signup') {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(body: Record<string, string>, onRefused?: (err: unknown) => void) {
    setBusy(true);
    setError(null);
    try {
      await api<{ user: User }>(path, { method: 'POST', body });
      router.replace('/c');
      router.refresh();
    } catch (err) {
      onRefused?.(err);
      setError(errorMessage(err));
      setBusy(false);
    }
  }
  return { error, busy, submit };
}
