'use client';

import { useEffect, useRef } from 'react';

/** Every keyboard shortcut, as the help sheet lists it; where each applies is said in `where`. */
export const SHORTCUTS = [
  { key: '?', action: 'help', label: 'Show these shortcuts', where: 'anywhere' },
  { key: 'n', action: 'new', label: 'New conversation', where: 'anywhere' },
  {
    key: 'g',
    action: 'gallery',
    label: 'Open the images (of this conversation)',
    where: 'anywhere',
  },
  { key: '/', action: 'focus', label: 'Focus the message box', where: 'in a conversation' },
  { key: 'd', action: 'profile', label: 'Switch between Draft and HD', where: 'in a conversation' },
  {
    key: 'Escape',
    action: 'stop',
    label: 'Stop the reply being written',
    where: 'in a conversation',
  },
] as const;

export type ShortcutAction = (typeof SHORTCUTS)[number]['action'];

/** Typing in a field, or a dialog open: single-key shortcuts stay out of the way (Escape is the dialog's). */
function ignored(e: KeyboardEvent): boolean {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return true;
  if (document.querySelector('[aria-modal="true"]')) return true;
  const t = e.target as HTMLElement | null;
  const typing =
    !!t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));
  // Escape stops a reply even from the message box; every other key is text there.
  return typing && e.key !== 'Escape';
}

/**
 * Runs `handlers` for their keys; a handler that returns false leaves the key alone. A page's
 * handlers (`page`: listening in the capture phase) run before the frame's, whenever each was
 * mounted, and a key one of them handled is not handled again.
 */
export function useShortcuts(
  handlers: Partial<Record<ShortcutAction, () => boolean | void>>,
  { page = false } = {},
) {
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (ignored(e)) return;
      const shortcut = SHORTCUTS.find((s) => s.key === e.key);
      const run = shortcut && current.current[shortcut.action];
      if (!run || run() === false) return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey, page);
    return () => document.removeEventListener('keydown', onKey, page);
  }, [page]);
}
