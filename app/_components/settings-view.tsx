'use client';

import { AdminPanel } from './admin-panel';
import { useApp } from './app-context';
import { AppLink } from './app-link';
import { CreateWorkspaceForm } from './create-workspace-form';
import { ImageModelsPanel } from './image-models-panel';
import { MembersPanel } from './members-panel';

export function SettingsView() {
  const { user, signOut } = useApp();
  return (
    <div className="min-h-screen bg-neutral-50">
      <header className="border-b border-neutral-200 bg-white">
        <div className="mx-auto flex max-w-3xl items-center gap-3 px-4 py-3">
          <AppLink
            href="/c"
            data-testid="back-to-conversations"
            className="text-sm text-neutral-500 hover:text-neutral-900"
          >
            ← Conversations
          </AppLink>
          <h1 className="flex-1 text-center text-sm font-semibold text-neutral-900">Settings</h1>
          <button
            type="button"
            data-testid="signout"
            onClick={() => void signOut()}
            className="text-sm text-neutral-500 hover:text-neutral-900"
          >
            Sign out
          </button>
        </div>
      </header>
      <main className="mx-auto max-w-3xl space-y-5 px-4 py-6">
        <div className="text-sm text-neutral-600">
          Signed in as <span className="font-medium text-neutral-900">{user.name}</span> (
          {user.email}){user.isAdmin ? ' · administrator' : ''}
        </div>
        <MembersPanel />
        <CreateWorkspaceForm />
        <ImageModelsPanel />
        {user.isAdmin ? <AdminPanel /> : null}
      </main>
    </div>
  );
}
