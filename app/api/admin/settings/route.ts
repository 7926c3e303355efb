import { json, readJson, route } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { getDb } from '@/lib/runtime/database';
import { readAdminSettings, SettingsPatch, updateAdminSettings } from '@/lib/settings/admin';

export const GET = route(async (req: Request) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  return json(await readAdminSettings(db, who));
});

export const PUT = route(async (req: Request) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  return json(await updateAdminSettings(db, who, await readJson(req, SettingsPatch)));
});
