'use client';

import { useEffect, useRef } from 'react';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea, [tabindex]:not([tabindex="-1"])';

/**
 * A full-screen dialog's focus: its `[data-autofocus]` element takes focus, Tab and Shift+Tab go
 * round inside it, Escape closes, and focus returns to whatever opened it.
 */
export function useFocusTrap<T extends HTMLElement>(onClose: () => void) {
  const root = useRef<T>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const el = root.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    (el?.querySelector<HTMLElement>('[data-autofocus]') ?? el)?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') return close.current();
      if (e.key !== 'Tab' || !el) return;
      const items = [...el.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
        (i) => i.getClientRects().length > 0,
      );
      const first = items[0];
      const last = items.at(-1);
      const at = document.activeElement;
      if (!first || !last) return e.preventDefault();
      if (e.shiftKey ? at === first || !el.contains(at) : at === last || !el.contains(at)) {
        e.preventDefault();
        (e.shiftKey ? last : first).focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      opener?.focus();
    };
  }, []);
  return root;
}
