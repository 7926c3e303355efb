'use client';

import { useEffect, useState } from 'react';

/**
 * The server payloads this page has shown. The router shows a kept one again on back and forward;
 * what it held is stale by then, so a component seeded from one asks the API instead, as on a first
 * visit without one.
 */
const shown = new WeakSet<object>();

/** Whether `payload` (read on the server for this render) is shown for the first time here. */
export function useFirstShowing(payload: object | null | undefined): boolean {
  const [first] = useState(() => Boolean(payload) && !shown.has(payload!));
  useEffect(() => {
    if (payload) shown.add(payload);
  }, [payload]);
  return first;
}
