import { modelChoices } from '@/lib/assistant/providers';
import { json, route } from '@/lib/http/respond';
import { requireSession } from '@/lib/http/session';
import { getDb } from '@/lib/runtime/database';

export const GET = route(async (req: Request) => {
  const db = await getDb();
  await requireSession(db, req);
  return json(await modelChoices(db));
});
