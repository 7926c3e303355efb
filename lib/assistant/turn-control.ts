import type { Db } from '../../db/client';
import { loadConversation } from '../conversations/load';
import { assertWritable } from '../conversations/read-only';
import type { Principal } from '../workspaces/access';
import { type LiveTurn, liveTurns } from './live-turns';

export async function findLiveTurn(
  db: Db,
  who: Principal,
  conversationId: string,
): Promise<LiveTurn | null> {
  await loadConversation(db, who, conversationId, 'viewer');
  return liveTurns().get(conversationId) ?? null;
}

/** Stop: the partial answer is kept and marked `interrupted`, audited as the stopper's doing. */
export async function stopTurn(db: Db, who: Principal, conversationId: string): Promise<void> {
  assertWritable(await loadConversation(db, who, conversationId, 'editor'));
  const turn = liveTurns().get(conversationId);
  if (!turn) return;
  turn.stop(who.actor, 'stopped');
  await turn.done;
}
