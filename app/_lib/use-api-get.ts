'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage, mayPassOnRetry } from './api';

/**
 * GETs `url` (null: nothing) and keeps the answer or the error for that url; a newer url aborts the
 * older request, and what came back for an older url is never shown as the current one's.
 * `reload` asks again; after an error it is there only when asking again may help (not for a 404).
 * `seed`: the answer for `url` read on the server while the page rendered; it stands for the first ask.
 */
export function useApiGet<T>(
  url: string | null,
  seed?: T,
): {
  data?: T;
  error?: string;
  reload?: () => void;
} {
  const [state, setState] = useState<{
    url: string;
    data?: T;
    error?: string;
    final?: boolean;
  } | null>(() => (url && seed !== undefined ? { url, data: seed } : null));
  const seeded = useRef(url && seed !== undefined ? url : null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!url) return;
    void attempt;
    if (seeded.current === url) {
      seeded.current = null;
      return;
    }
    const ctrl = new AbortController();
    api<T>(url, { signal: ctrl.signal })
      .then((data) => setState({ url, data }))
      .catch((err) => {
        if (!ctrl.signal.aborted)
          setState({ url, error: errorMessage(err), final: !mayPassOnRetry(err) });
      });
    return () => ctrl.abort();
  }, [url, attempt]);
  const reload = useCallback(() => {
    setState(null);
    setAttempt((n) => n + 1);
  }, []);
  if (!state || state.url !== url) return { reload };
  const { data, error, final } = state;
  return { data, error, reload: final ? undefined : reload };
}
