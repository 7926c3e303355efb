'use client';

import { useMemo } from 'react';
import { GalleryView } from './gallery-view';

/** The gallery of one conversation, reached from its header. */
export function ConversationGallery({ conversationId }: { conversationId: string }) {
  const scope = useMemo(() => ({ conversationId }), [conversationId]);
  return (
    <GalleryView
      scope={scope}
      heading="Images of this conversation"
      back={{ href: `/c/${conversationId}`, label: 'Back to the conversation' }}
    />
  );
}
