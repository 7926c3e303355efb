import { eq } from 'drizzle-orm';
import type { LanguageModel } from 'ai';
import type { Db } from '../../db/client';
import { conversations, messages } from '../../db/schema';
import { appendAudit } from '../audit/chain';
import { AppError } from '../errors';
import { branchTo, digest, listMessages } from '../conversations/messages';
import { loadConversation, type Principal } from '../conversations/service';
import { LiveTurn, liveTurns } from './live-turns';
import { resolveModel } from './providers';
import type { ChatRequest } from './turn-request';
import { runTurn } from './turn-run';

const DEFAULT_TITLE = 'New conversation';

/**
 * Records the user message and an empty `streaming` assistant message in one transaction, then runs
 * the turn in the background. The returned LiveTurn outlives the request that started it.
 */
export async function startTurn(db: Db, who: Principal, req: ChatRequest, injected?: LanguageModel): Promise<LiveTurn> {
  const conv = await loadConversation(db, who, req.conversationId, 'editor');
  if (liveTurns().has(conv.id)) throw new AppError('conflict', 'a reply is still being written in this conversation; stop it first');
  const model = injected ?? (await resolveModel(db, req.model));
  const userParts = [{ type: 'text', text: req.message.text }];

  const { userId, assistantId } = await db.transaction(async (tx) => {
    const rows = await listMessages(tx, conv.id);
    const parent = req.parentId ? rows.find((r) => r.id === req.parentId) : null;
    if (req.parentId && (!parent || parent.role !== 'assistant' || parent.status === 'streaming')) {
      throw new AppError('bad_request', 'parentId must be a finished assistant message of this conversation');
    }
    const siblings = rows.filter((r) => r.role === 'user' && r.parentId === (req.parentId ?? null));
    // Explicit times: both rows share one transaction, whose now() would tie them.
    const at = Date.now();
    const base = { conversationId: conv.id, modelId: req.model, profile: req.profile, authorId: who.userId };
    const [user] = await tx
      .insert(messages)
      .values({ ...base, parentId: req.parentId, role: 'user', parts: userParts, status: 'complete', createdAt: new Date(at) })
      .returning({ id: messages.id });
    const [assistant] = await tx
      .insert(messages)
      .values({ ...base, parentId: user.id, role: 'assistant', parts: [], status: 'streaming', createdAt: new Date(at + 1) })
      .returning({ id: messages.id });
    const title = conv.title === DEFAULT_TITLE && !req.parentId ? titleFrom(req.message.text) : conv.title;
    await tx.update(conversations).set({ activeLeafId: assistant.id, title, updatedAt: new Date() }).where(eq(conversations.id, conv.id));
    await appendAudit(tx, {
      actor: who.actor,
      action: siblings.length ? 'message.branched' : 'message.created',
      subject: `message:${user.id}`,
      workspaceId: conv.workspaceId,
      payload: {
        conversationId: conv.id,
        parentId: req.parentId,
        siblingOf: siblings.map((s) => s.id),
        model: req.model,
        profile: req.profile,
        contentSha256: digest(userParts),
      },
    });
    return { userId: user.id, assistantId: assistant.id };
  });

  const turn = new LiveTurn(conv.id, userId, assistantId);
  liveTurns().set(conv.id, turn);
  const history = branchTo(await listMessages(db, conv.id), userId);
  void runTurn(db, turn, {
    model,
    history,
    principal: who,
    workspaceId: conv.workspaceId,
    profile: req.profile,
  });
  return turn;
}

function titleFrom(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}
