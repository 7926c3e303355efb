// A chat turn through POST /api/chat as the routes' tests send it: the offline composer in Draft,
// with `extra` overriding or adding to the body (profile, image settings, model).
import * as chat from '@/app/api/chat/route';
import { type Client, call } from './http';

export const postTurn = (
  client: Client,
  conversationId: string,
  parentId: string | null,
  text: string,
  extra: Record<string, unknown> = {},
) =>
  call(chat.POST, {
    client,
    body: {
      conversationId,
      parentId,
      message: { text },
      model: 'offline',
      profile: 'draft',
      ...extra,
    },
  });
