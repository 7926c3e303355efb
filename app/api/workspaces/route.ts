import { z } from 'zod';
import { json, readJson, route } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { getDb } from '@/lib/runtime/database';
import { createWorkspace, listWorkspaces, WorkspaceName } from '@/lib/workspaces/service';

export const GET = route(async (req: Request) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  return json({ workspaces: await listWorkspaces(db, who) });
});

export const POST = route(async (req: Request) => {
  const db = await getDb();
  const who = principalOf(await requireSession(db, req));
  const { name } = await readJson(req, z.object({ name: WorkspaceName }));
  return json({ workspace: await createWorkspace(db, who, name) }, 201);
});
