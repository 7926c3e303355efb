import { createUIMessageStreamResponse } from 'ai';
import { ChatRequest } from '@/lib/assistant/turn-request';
import { startTurn } from '@/lib/assistant/turn-start';
import { readJson, route } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { getDb } from '@/lib/runtime/database';

export const POST = route(async (req: Request) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  const turn = await startTurn(db, who, await readJson(req, ChatRequest));
  return createUIMessageStreamResponse({
    stream: turn.subscribe(),
    headers: {
      'x-atelier-user-message-id': turn.userMessageId,
      'x-atelier-assistant-message-id': turn.assistantMessageId,
    },
  });
});
