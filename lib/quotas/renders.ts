// Page images and thumbnails drawn for one person: a few at once and a bounded number a minute, so
// one viewer cannot keep the render workers busy for everyone. In-process, like the rest of the
// server's live state (one server per data root, or per process on a shared database).
import type { DbOrTx } from '../../db/client';
import { AppError } from '../errors';
import { isMember, type Principal } from '../workspaces/access';
import { readQuotas } from './settings';

const MINUTE_MS = 60_000;

type Usage = { inFlight: number; windowStart: number; drawn: number };
const KEY = Symbol.for('atelier.renderUsage');
type Holder = { [KEY]?: Map<string, Usage> };
const usage = () => ((globalThis as Holder)[KEY] ??= new Map());

/**
 * Runs `draw` for `who` if they are within their render limits; otherwise refuses with a 429 saying
 * which limit and when to ask again. The local operator has no limit.
 */
export async function withRenderSlot<T>(
  db: DbOrTx,
  who: Principal,
  draw: () => Promise<T>,
  now = Date.now(),
): Promise<T> {
  if (!isMember(who)) return draw();
  const { perUserConcurrent, perUserPerMinute } = (await readQuotas(db)).renders;
  const all = usage();
  if (all.size > 10_000)
    for (const [k, v] of all) if (!v.inFlight && now - v.windowStart >= MINUTE_MS) all.delete(k);
  let u = all.get(who.userId);
  if (!u) all.set(who.userId, (u = { inFlight: 0, windowStart: now, drawn: 0 }));
  if (now - u.windowStart >= MINUTE_MS) Object.assign(u, { windowStart: now, drawn: 0 });
  if (u.inFlight >= perUserConcurrent)
    throw new AppError(
      'rate_limited',
      `You already have ${u.inFlight} previews being drawn, the limit at once per person; ask again when they are done.`,
    );
  if (u.drawn >= perUserPerMinute) {
    const s = Math.ceil((u.windowStart + MINUTE_MS - now) / 1000);
    throw new AppError(
      'rate_limited',
      `You have had ${u.drawn} previews drawn this minute, the limit per person; ask again in ${s} s.`,
    );
  }
  u.inFlight++;
  u.drawn++;
  try {
    return await draw();
  } finally {
    u.inFlight--;
  }
}
