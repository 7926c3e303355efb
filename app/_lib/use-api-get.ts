'use client';

import { useEffect, useState } from 'react';
import { api, errorMessage } from './api';

/**
 * GETs `url` (null: nothing) and keeps the answer or the error for that url; a newer url aborts the
 * older request, and what came back for an older url is never shown as the current one's.
 */
export function useApiGet<T>(url: string | null): { data?: T; error?: string } {
  const [state, setState] = useState<{ url: string; data?: T; error?: string } | null>(null);
  useEffect(() => {
    if (!url) return;
    const ctrl = new AbortController();
    api<T>(url, { signal: ctrl.signal })
      .then((data) => setState({ url, data }))
      .catch((err) => {
        if (!ctrl.signal.aborted) setState({ url, error: errorMessage(err) });
      });
    return () => ctrl.abort();
  }, [url]);
  return state && state.url === url ? state : {};
}
