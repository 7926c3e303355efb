'use client';

import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from './api';
import { type AuditEvent, type AuditFilters, type AuditPage, auditUrl } from './audit';

type State = {
  /** The first page's URL: which filters the events are for. */
  url: string;
  events: AuditEvent[];
  nextCursor: string | null;
  actors: AuditPage['actors'];
  actions: string[];
  loading: boolean;
  error: string | null;
};

const EMPTY: State = {
  url: '',
  events: [],
  nextCursor: null,
  actors: [],
  actions: [],
  loading: true,
  error: null,
};

/**
 * A conversation's audit events under `filters`: the first page when they change (or on
 * `reload`), the next on `more`. An answer for filters no longer current is dropped.
 */
export function useAuditTimeline(conversationId: string, filters: AuditFilters) {
  const [state, setState] = useState<State>(EMPTY);
  const [generation, setGeneration] = useState(0);
  const { actor, action } = filters;

  useEffect(() => {
    const ctrl = new AbortController();
    const url = auditUrl(conversationId, { actor, action });
    setState((s) => ({ ...s, loading: true, error: null }));
    api<AuditPage>(url, { signal: ctrl.signal })
      .then((page) => setState({ ...page, url, loading: false, error: null }))
      .catch((err) => {
        if (!ctrl.signal.aborted)
          setState((s) => ({ ...s, loading: false, error: errorMessage(err) }));
      });
    return () => ctrl.abort();
  }, [conversationId, actor, action, generation]);

  const more = useCallback(async () => {
    const { url, nextCursor: cursor } = state;
    if (!cursor || state.loading) return;
    const current = (s: State) => s.url === url && s.nextCursor === cursor;
    setState((s) => ({ ...s, loading: true }));
    try {
      const page = await api<AuditPage>(
        `${url}${url.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`,
      );
      setState((s) =>
        current(s)
          ? { ...page, url, events: [...s.events, ...page.events], loading: false, error: null }
          : s,
      );
    } catch (err) {
      setState((s) => (current(s) ? { ...s, loading: false, error: errorMessage(err) } : s));
    }
  }, [state]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, more, reload };
}
