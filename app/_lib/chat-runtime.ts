// The streaming chat client (the AI SDK's Chat with our transport, and with it the `ai` package and
// zod): a chunk of its own that lazy-chat.ts loads only when a turn is sent or resumed, so a page
// showing a finished conversation never downloads or parses it.
import { Chat } from '@ai-sdk/react';
import type { UIMessage } from 'ai';
import { createChatTransport } from './chat-transport';

export type ChatCallbacks = {
  onFinish: (opts: { message: UIMessage }) => void;
  onError: (error: Error) => void;
  /** The reconnect found no running turn (the stream endpoint answered 204). */
  onNoLiveTurn: () => void;
};

export function createChat(id: string, messages: UIMessage[], on: ChatCallbacks) {
  return new Chat<UIMessage>({
    id,
    messages,
    transport: createChatTransport(on.onNoLiveTurn),
    onFinish: ({ message }) => on.onFinish({ message }),
    onError: (error) => on.onError(error),
  });
}

export type RuntimeChat = ReturnType<typeof createChat>;

type Resumable = {
  '~resumeStreamIfDisconnected'(opts: { shouldResume: () => boolean }): Promise<void>;
};

/**
 * What `useChat({ resume: true })` does while it is mounted: resume the running turn now, and again
 * whenever the page becomes visible after its stream dropped. Returns the unregistration.
 */
export function resumeWhileMounted(chat: RuntimeChat): () => void {
  let registered = true;
  let pending: Promise<void> | undefined;
  const onVisibility = () => {
    if (document.visibilityState !== 'visible' || pending) return;
    const clear = () => {
      pending = undefined;
    };
    pending = (chat as unknown as Resumable)
      ['~resumeStreamIfDisconnected']({
        shouldResume: () => registered && document.visibilityState === 'visible',
      })
      .then(clear, clear);
  };
  document.addEventListener('visibilitychange', onVisibility);
  if (chat.status !== 'submitted' && chat.status !== 'streaming') void chat.resumeStream();
  return () => {
    registered = false;
    document.removeEventListener('visibilitychange', onVisibility);
  };
}
