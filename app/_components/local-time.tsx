'use client';

import { useHydrated } from '../_lib/use-hydrated';

const STYLE = { dateStyle: 'medium', timeStyle: 'short' } as const;

/**
 * A date and time in the reader's language and time zone. The server knows neither, so the HTML
 * it renders (and the hydration that must match it) shows UTC; the local form follows at once.
 */
export function LocalDateTime({ iso }: { iso: string }) {
  const hydrated = useHydrated();
  const at = new Date(iso);
  return hydrated
    ? at.toLocaleString(undefined, STYLE)
    : `${at.toLocaleString('en-US', { ...STYLE, timeZone: 'UTC' })} UTC`;
}
