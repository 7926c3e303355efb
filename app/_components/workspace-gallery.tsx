'use client';

import { useMemo } from 'react';
import { useApp } from './app-context';
import { GalleryView } from './gallery-view';

/** Every image of the workspace chosen in the sidebar. */
export function WorkspaceGallery() {
  const { workspace } = useApp();
  const id = workspace?.id;
  const scope = useMemo(() => (id ? { workspaceId: id } : null), [id]);
  return (
    <GalleryView
      scope={scope}
      heading="Images"
      subheading={workspace ? `Everything rendered in ${workspace.name}` : undefined}
    />
  );
}
