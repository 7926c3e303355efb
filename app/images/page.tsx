import type { Metadata } from 'next';
import { WorkspaceGallery } from '../_components/workspace-gallery';

export const metadata: Metadata = { title: 'Images' };

export default function ImagesPage() {
  return <WorkspaceGallery />;
}
