'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from './api';
import type { ChatSeeds } from './types';

export type ReferencesList = NonNullable<ChatSeeds['references']>;

/**
 * The conversation's references, newest first, with the upload size limit; `reload` after changes.
 * `seed`: the list read on the server while the page rendered, shown instead of asking at once.
 */
export function useReferences(conversationId: string, seed?: ReferencesList) {
  const [list, setList] = useState<ReferencesList | null>(seed ?? null);
  const seeded = useRef(seed !== undefined);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const next = await api<ReferencesList>(
        `/api/references?conversationId=${encodeURIComponent(conversationId)}`,
      );
      if (mine === seq.current) {
        setList(next);
        setError(null);
      }
    } catch (err) {
      if (mine === seq.current) setError(errorMessage(err));
    }
  }, [conversationId]);
  useEffect(() => {
    if (seeded.current) seeded.current = false;
    else void reload();
  }, [reload]);
  return { list, error, reload };
}
