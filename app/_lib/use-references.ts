'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from './api';
import type { ReferenceView } from './references';

export type ReferencesList = { references: ReferenceView[]; limits: { maxBytes: number } };

/** The conversation's references, newest first, with the upload size limit; `reload` after changes. */
export function useReferences(conversationId: string) {
  const [list, setList] = useState<ReferencesList | null>(null);
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
    void reload();
  }, [reload]);
  return { list, error, reload };
}
