import { z } from 'zod';
import { createConversation, listConversations, Title } from '@/lib/conversations/service';
import { json, parseWith, readJson, route, Uuid } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { getDb } from '@/lib/runtime/database';

const ListQuery = z.object({ workspaceId: Uuid, q: z.string().max(200).optional() });
const CreateBody = z.object({ workspaceId: Uuid, title: Title.optional() });

export const GET = route(async (req: Request) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  const url = new URL(req.url);
  const q = parseWith(ListQuery, {
    workspaceId: url.searchParams.get('workspaceId'),
    q: url.searchParams.get('q') || undefined,
  });
  return json({ conversations: await listConversations(db, who, q.workspaceId, q.q) });
});

export const POST = route(async (req: Request) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  const body = await readJson(req, CreateBody);
  const c = await createConversation(db, who, body.workspaceId, body.title);
  return json(
    {
      conversation: {
        id: c.id,
        title: c.title,
        workspaceId: c.workspaceId,
        activeLeafId: c.activeLeafId,
      },
    },
    201,
  );
});
