import { json, route } from '@/lib/http/respond';
import { principalOf, requireSession } from '@/lib/http/session';
import { getDb } from '@/lib/runtime/database';
import { resetServerMetrics, serverMetrics } from '@/lib/runtime/metrics';

/** The server process's event-loop delay and memory; instance admins only. */
export const GET = route(async (req: Request) => {
  const db = await getDb();
  return json(serverMetrics(principalOf(await requireSession(db, req))));
});

/** Starts the event-loop figures afresh. */
export const DELETE = route(async (req: Request) => {
  const db = await getDb();
  resetServerMetrics(principalOf(await requireSession(db, req)));
  return new Response(null, { status: 204 });
});
