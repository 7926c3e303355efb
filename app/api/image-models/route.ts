import { json, readJson, route } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { AddModelInput, addImageModel, listImageModels } from '@/lib/jobs/models';
import { getDb } from '@/lib/runtime/database';

export const GET = route(async (req: Request) => {
  const who = principalOf(await requireSession(await getDb(), req));
  return json(await listImageModels(who));
});

export const POST = route(async (req: Request) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  return json({ model: await addImageModel(db, who, await readJson(req, AddModelInput)) }, 201);
});
