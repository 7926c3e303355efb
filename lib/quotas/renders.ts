// Page images and thumbnails drawn for one person: a few at once (the rest of their requests wait
// their turn, up to a bound) and a bounded number a minute, so one viewer cannot keep the render
// workers busy for everyone. In-process, like the rest of the server's live state.
import type { DbOrTx } from '../../db/client';
import { AppError } from '../errors';
import { Slots } from '../util/slots';
import { isMember, type Principal } from '../workspaces/access';
import { readQuotas } from './settings';

const MINUTE_MS = 60_000;
/** Requests one person may have waiting for a render slot, per slot they may use at once. */
const WAITING_PER_SLOT = 8;

type Usage = { slots: Slots; windowStart: number; drawn: number };
const KEY = Symbol.for('atelier.renderUsage');
type Holder = { [KEY]?: Map<string, Usage> };
const usage = () => ((globalThis as Holder)[KEY] ??= new Map());

function admit(u: Usage, perMinute: number, now: number): void {
  if (now - u.windowStart >= MINUTE_MS) Object.assign(u, { windowStart: now, drawn: 0 });
  if (u.drawn >= perMinute) {
    const s = Math.ceil((u.windowStart + MINUTE_MS - now) / 1000);
    throw new AppError(
      'rate_limited',
      `You have had ${u.drawn} previews drawn this minute, the limit per person; ask again in ${s} s.`,
    );
  }
  const { busy, waiting, size } = u.slots;
  if (busy >= size && waiting >= size * WAITING_PER_SLOT)
    throw new AppError(
      'rate_limited',
      `You already have ${busy} previews being drawn and ${waiting} waiting, the most per person; ask again when they are done.`,
    );
  u.drawn++;
}

/**
 * Runs `draw` for `who` within their render limits: at most `perUserConcurrent` at once (later
 * ones wait their turn) and `perUserPerMinute` a minute; past either bound a 429 says which and
 * when to ask again. The local operator has no limit.
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
    for (const [k, v] of all) if (!v.slots.busy && now - v.windowStart >= MINUTE_MS) all.delete(k);
  let u = all.get(who.userId);
  if (!u) all.set(who.userId, (u = { slots: new Slots(0), windowStart: now, drawn: 0 }));
  u.slots.size = perUserConcurrent;
  admit(u, perUserPerMinute, now);
  await u.slots.take();
  try {
    return await draw();
  } finally {
    u.slots.give();
  }
}
