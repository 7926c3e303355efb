import type { Metadata } from 'next';
import { EmptyConversation } from '../_components/empty-conversation';

export const metadata: Metadata = { title: 'Conversations' };

export default function ConversationsHome() {
  return <EmptyConversation />;
}
