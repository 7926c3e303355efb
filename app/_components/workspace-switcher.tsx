'use client';

import { useApp } from './app-context';

export function WorkspaceSwitcher() {
  const { workspaces, workspace, selectWorkspace } = useApp();
  return (
    <label className="block">
      <span className="sr-only">Workspace</span>
      <select
        data-testid="workspace-switcher"
        className="block w-full truncate rounded-lg border border-neutral-200 bg-white px-2.5 py-1.5 text-sm font-medium text-neutral-800 focus:border-accent-500 focus:outline-none"
        value={workspace?.id ?? ''}
        onChange={(e) => selectWorkspace(e.target.value)}
      >
        {workspace ? null : <option value="">No workspace</option>}
        {workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.personal ? `${w.name} (personal)` : w.name}
            {w.role === 'viewer' ? ' · view only' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
