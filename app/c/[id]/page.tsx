import { ChatView } from '../../_components/chat-view';
import { conversationData } from '../../_server/page-data';

export default async function ConversationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ChatView key={id} conversationId={id} initial={await conversationData(id)} />;
}
