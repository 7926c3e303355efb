'use client';

import { useEffect, useRef, useState } from 'react';
import { useApp } from './app-context';
import { AppLink } from './app-link';

export function UserMenu({ onShortcuts }: { onShortcuts?: () => void }) {
  const { user, signOut } = useApp();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const initial = (user.name.trim()[0] ?? user.email[0] ?? '?').toUpperCase();

  return (
    <div ref={ref} className="relative">
      {open ? (
        <div
          role="menu"
          className="absolute right-0 bottom-full left-0 mb-2 overflow-hidden rounded-lg border border-neutral-200 bg-white py-1 text-sm shadow-lg"
        >
          <div className="border-b border-neutral-100 px-3 py-2 text-xs text-neutral-500">
            <div className="truncate">{user.email}</div>
            {user.isAdmin ? (
              <div className="mt-0.5 font-medium text-accent-700">Administrator</div>
            ) : null}
          </div>
          <AppLink
            role="menuitem"
            href="/settings"
            data-testid="settings-link"
            className="block px-3 py-2 text-neutral-700 hover:bg-neutral-50"
            onClick={() => setOpen(false)}
          >
            Settings
          </AppLink>
          {onShortcuts ? (
            <button
              role="menuitem"
              type="button"
              data-testid="shortcuts-open"
              className="flex w-full items-center justify-between px-3 py-2 text-left text-neutral-700 hover:bg-neutral-50"
              onClick={() => {
                setOpen(false);
                onShortcuts();
              }}
            >
              Keyboard shortcuts
              <kbd className="font-mono text-xs text-neutral-500">?</kbd>
            </button>
          ) : null}
          <button
            role="menuitem"
            type="button"
            data-testid="signout"
            className="block w-full px-3 py-2 text-left text-neutral-700 hover:bg-neutral-50"
            onClick={() => void signOut()}
          >
            Sign out
          </button>
        </div>
      ) : null}
      <button
        type="button"
        data-testid="user-menu"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        className="flex w-full items-center gap-2 rounded-lg px-2 py-1.5 text-left hover:bg-neutral-100"
      >
        <span
          className="flex h-7 w-7 shrink-0 items-center justify-center rounded-full bg-neutral-200 text-xs font-semibold text-neutral-700"
          aria-hidden
        >
          {initial}
        </span>
        <span className="min-w-0 flex-1 truncate text-sm font-medium text-neutral-800">
          {user.name || user.email}
        </span>
        <span className="text-xs text-neutral-400" aria-hidden>
          {open ? '▾' : '▴'}
        </span>
      </button>
    </div>
  );
}
