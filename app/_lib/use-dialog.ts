'use client';

import { useEffect, useRef } from 'react';

/** A dialog's focus: its close button takes focus, Escape closes, focus returns to the opener. */
export function useDialog<T extends HTMLElement>(onClose: () => void) {
  const first = useRef<T>(null);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    first.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      opener?.focus();
    };
  }, [onClose]);
  return first;
}
