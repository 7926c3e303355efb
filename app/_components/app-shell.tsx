'use client';

import { usePathname, useRouter } from 'next/navigation';
import { type ReactNode, useEffect, useState } from 'react';
import { useShortcuts } from '../_lib/shortcuts';
import { useNewConversation } from '../_lib/use-new-conversation';
import { type AppInitial, AppProvider } from './app-context';
import { ShortcutsHelp } from './shortcuts-help';
import { Sidebar } from './sidebar';

/** The signed-in frame: sidebar on wide screens, a drawer behind a menu button on narrow ones. */
export function AppShell({
  children,
  initial,
}: {
  children: ReactNode;
  /** The account, workspaces and models the server read for the first render, if it could. */
  initial?: AppInitial | null;
}) {
  return (
    <AppProvider initial={initial}>
      <ShellFrame>{children}</ShellFrame>
    </AppProvider>
  );
}

function ShellFrame({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const [help, setHelp] = useState(false);
  const pathname = usePathname();
  const router = useRouter();
  const { create, canCreate } = useNewConversation();
  useEffect(() => setOpen(false), [pathname]);
  // A conversation's page handles `g` itself (its own images); elsewhere it is the workspace's.
  useShortcuts({
    help: () => setHelp(true),
    new: () => (canCreate ? void create() : false),
    gallery: () => router.push('/images'),
  });

  return (
    <div className="flex h-dvh overflow-hidden bg-white">
      {open ? (
        <button
          type="button"
          aria-label="Close navigation"
          className="fixed inset-0 z-30 bg-black/40 md:hidden"
          onClick={() => setOpen(false)}
        />
      ) : null}
      <aside
        className={`fixed inset-y-0 left-0 z-40 w-72 shrink-0 max-w-[85vw] border-r border-neutral-200 bg-neutral-50 shadow-xl transition-transform duration-200 md:static md:z-auto md:w-64 md:max-w-none md:translate-x-0 md:shadow-none ${
          open ? 'translate-x-0' : '-translate-x-full'
        }`}
      >
        <Sidebar onNavigate={() => setOpen(false)} onShortcuts={() => setHelp(true)} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <div className="flex items-center gap-2 border-b border-neutral-200 px-3 py-2 md:hidden">
          <button
            type="button"
            aria-label="Open navigation"
            onClick={() => setOpen(true)}
            className="rounded-md px-2 py-1 text-lg leading-none text-neutral-600 hover:bg-neutral-100"
          >
            ☰
          </button>
          <span className="font-semibold tracking-tight">Atelier</span>
        </div>
        <div className="min-h-0 flex-1">{children}</div>
      </div>
      {help ? <ShortcutsHelp onClose={() => setHelp(false)} /> : null}
    </div>
  );
}
