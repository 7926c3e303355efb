'use client';

import { useRouter } from 'next/navigation';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { api, errorMessage, isUnauthorized } from '../_lib/api';
import type { ConversationListSeed, Me, ModelsResponse, User, Workspace } from '../_lib/types';
import { useFirstShowing } from '../_lib/use-first-showing';
import { pickWorkspace, WORKSPACE_COOKIE, writeWorkspaceCookie } from '../_lib/workspace-cookie';

const WORKSPACE_KEY = 'atelier.workspaceId';

type AppState = {
  user: User;
  workspaces: Workspace[];
  workspace: Workspace | null;
  selectWorkspace: (id: string) => void;
  addWorkspace: (ws: Workspace) => void;
  models: ModelsResponse | null;
  /** bumps whenever the conversation list should be fetched again */
  listVersion: number;
  /** The list the page's HTML came with (its first render only, see ConversationList). */
  listSeed?: ConversationListSeed;
  refreshConversations: () => void;
  signOut: () => Promise<void>;
};

const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const ctx = useContext(AppContext);
  if (!ctx) throw new Error('useApp outside AppProvider');
  return ctx;
}

function storedWorkspace(): string | null {
  try {
    return window.localStorage.getItem(WORKSPACE_KEY);
  } catch {
    return null;
  }
}

function hasWorkspaceCookie(): boolean {
  return document.cookie.split(';').some((c) => c.trim().startsWith(`${WORKSPACE_COOKIE}=`));
}

/** What the server read for the first render (app/_server/page-data.ts), when it could. */
export type AppInitial = {
  me: Me;
  models: ModelsResponse;
  preferredWorkspace: string | null;
  /** The sidebar's list for the workspace the page opens on, when the server could read it. */
  conversations?: ConversationListSeed;
};

/**
 * Loads the signed-in user (redirecting to /signin on 401), their workspaces and the model list;
 * given `initial` (read on the server), starts from it instead and asks the API nothing.
 */
export function AppProvider({
  children,
  initial = null,
}: {
  children: ReactNode;
  initial?: AppInitial | null;
}) {
  const router = useRouter();
  const [me, setMe] = useState<Me | null>(initial?.me ?? null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [workspaceId, setWorkspaceId] = useState<string | null>(() =>
    initial ? pickWorkspace(initial.me.workspaces, initial.preferredWorkspace) : null,
  );
  const [models, setModels] = useState<ModelsResponse | null>(initial?.models ?? null);
  const [listVersion, setListVersion] = useState(0);
  const chosen = useRef(false);
  const [fromServer] = useState(initial);
  // The sidebar's list from a payload the router kept (back, forward) is stale: the list asks.
  const freshList = useFirstShowing(initial?.conversations);

  useEffect(() => {
    if (fromServer) {
      // A choice made before the cookie existed lives in localStorage only: take it over once,
      // unless this page already chose (a conversation of another workspace switches to it).
      const stored = storedWorkspace();
      if (
        !chosen.current &&
        !hasWorkspaceCookie() &&
        stored &&
        fromServer.me.workspaces.some((w) => w.id === stored)
      ) {
        setWorkspaceId(stored);
        writeWorkspaceCookie(stored);
      }
      return;
    }
    let cancelled = false;
    api<Me>('/api/auth/me')
      .then((data) => {
        if (cancelled) return;
        setMe(data);
        setWorkspaceId(pickWorkspace(data.workspaces, storedWorkspace()));
      })
      .catch((err) => {
        if (cancelled) return;
        if (isUnauthorized(err)) router.replace('/signin');
        else setLoadError(errorMessage(err));
      });
    api<ModelsResponse>('/api/models')
      .then((data) => !cancelled && setModels(data))
      .catch(() => !cancelled && setModels({ models: [], defaultModel: '' }));
    return () => {
      cancelled = true;
    };
  }, [router, fromServer]);

  const selectWorkspace = useCallback((id: string) => {
    chosen.current = true;
    setWorkspaceId(id);
    writeWorkspaceCookie(id);
    try {
      window.localStorage.setItem(WORKSPACE_KEY, id);
    } catch {
      // storage unavailable: the choice lasts for this page only
    }
  }, []);

  const addWorkspace = useCallback(
    (ws: Workspace) => {
      setMe((prev) =>
        prev
          ? { ...prev, workspaces: [...prev.workspaces.filter((w) => w.id !== ws.id), ws] }
          : prev,
      );
      selectWorkspace(ws.id);
    },
    [selectWorkspace],
  );

  const refreshConversations = useCallback(() => setListVersion((v) => v + 1), []);

  const signOut = useCallback(async () => {
    try {
      await api('/api/auth/signout', { method: 'POST' });
    } finally {
      router.replace('/signin');
      router.refresh();
    }
  }, [router]);

  const value = useMemo<AppState | null>(() => {
    if (!me) return null;
    return {
      user: me.user,
      workspaces: me.workspaces,
      workspace: me.workspaces.find((w) => w.id === workspaceId) ?? null,
      selectWorkspace,
      addWorkspace,
      models,
      listVersion,
      listSeed: freshList ? fromServer?.conversations : undefined,
      refreshConversations,
      signOut,
    };
  }, [
    fromServer,
    freshList,
    me,
    workspaceId,
    selectWorkspace,
    addWorkspace,
    models,
    listVersion,
    refreshConversations,
    signOut,
  ]);

  if (loadError) {
    return (
      <div className="flex min-h-screen items-center justify-center p-6">
        <div className="max-w-sm rounded-xl border border-red-200 bg-white p-5 text-sm shadow-sm">
          <p className="font-medium text-red-700">Atelier could not load your account.</p>
          <p className="mt-1 text-neutral-600">{loadError}</p>
          <button
            type="button"
            className="mt-3 text-sm font-medium text-accent-700 hover:underline"
            onClick={() => window.location.reload()}
          >
            Try again
          </button>
        </div>
      </div>
    );
  }
  if (!value) {
    return (
      <div
        className="flex min-h-screen items-center justify-center text-sm text-neutral-500"
        aria-busy="true"
      >
        Loading…
      </div>
    );
  }
  return <AppContext.Provider value={value}>{children}</AppContext.Provider>;
}
