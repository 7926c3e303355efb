import type { Metadata } from 'next';
import { ConversationGallery } from '../../../_components/conversation-gallery';

export const metadata: Metadata = { title: 'Images' };

export default async function ConversationImagesPage({
  params,
}: {
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  return <ConversationGallery key={id} conversationId={id} />;
}
