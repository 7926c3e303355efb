import { DefaultChatTransport, type UIMessage } from 'ai';
import { csrfHeaders } from './api';
import { attachmentsOf, textOf } from './branches';
import type { ImageSettings } from './image-settings';
import type { Profile } from './types';

export type TurnBody = {
  parentId: string | null;
  model?: string;
  profile: Profile;
  /** The composer's Advanced settings (absent: the profile's defaults). */
  image?: ImageSettings;
};

/**
 * The transport for one conversation. The server accepts only
 * `{ conversationId, parentId, message: { text, references }, model, profile, image }`; the
 * per-turn fields travel in `sendMessage(…, { body })`. Reconnecting reads the running turn from
 * /api/chat/:id/stream, which answers 204 when there is none (reported through `onNoLiveTurn`).
 */
export function createChatTransport(onNoLiveTurn: () => void) {
  const fetchWithNotice: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if ((init?.method ?? 'GET').toUpperCase() === 'GET' && res.status === 204)
      queueMicrotask(onNoLiveTurn);
    return res;
  };
  return new DefaultChatTransport<UIMessage>({
    api: '/api/chat',
    credentials: 'same-origin',
    headers: () => csrfHeaders(),
    fetch: fetchWithNotice,
    prepareSendMessagesRequest: ({ id, messages, body }) => {
      const turn = (body ?? {}) as Partial<TurnBody>;
      const last = messages[messages.length - 1];
      return {
        body: {
          conversationId: id,
          parentId: turn.parentId ?? null,
          message: {
            text: last ? textOf(last.parts) : '',
            references: last ? attachmentsOf(last.parts).map((a) => a.id) : [],
          },
          model: turn.model,
          profile: turn.profile ?? 'draft',
          image: turn.image,
        },
      };
    },
    prepareReconnectToStreamRequest: ({ id, headers }) => ({
      api: `/api/chat/${encodeURIComponent(id)}/stream`,
      headers,
    }),
  });
}
