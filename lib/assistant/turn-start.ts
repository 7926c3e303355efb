import { randomUUID } from 'node:crypto';
import type { LanguageModel } from 'ai';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { conversations, messages } from '../../db/schema';
import { appendAudit } from '../audit/chain';
import { canonicalSha256 } from '../audit/digest';
import { loadConversation } from '../conversations/load';
import { branchTo, listMessages, type MessageRow } from '../conversations/messages';
import { assertWritable } from '../conversations/read-only';
import { AppError } from '../errors';
import { checkQuota } from '../quotas/check';
import { checkImageSettings } from '../quotas/generation-size';
import { listConversationReferences } from '../references/store';
import type { Principal } from '../workspaces/access';
import { attachmentParts } from './attachments';
import { setSettings } from './image-settings';
import { LiveTurn, liveTurns } from './live-turns';
import { resolveModel } from './providers';
import { systemPrompt } from './system-prompt';
import type { ChatRequest } from './turn-request';
import { runTurn } from './turn-run';

const DEFAULT_TITLE = 'New conversation';

/**
 * Starts a turn: the model starts at once while the user message and an empty `streaming`
 * assistant message are recorded in one transaction; no token reaches anyone before that commits.
 * The returned LiveTurn outlives the request that started it.
 */
export async function startTurn(
  db: Db,
  who: Principal,
  req: ChatRequest,
  injected?: LanguageModel,
): Promise<LiveTurn> {
  const conv = await loadConversation(db, who, req.conversationId, 'editor');
  assertWritable(conv);
  await checkQuota(db, who, conv.workspaceId, 'turns');
  const image = setSettings(req.image);
  if (image) await checkImageSettings(db, req.profile, image);
  const turns = liveTurns();
  if (turns.has(conv.id))
    throw new AppError(
      'conflict',
      'a reply is still being written in this conversation; stop it first',
    );
  const turn = new LiveTurn(conv.id, randomUUID(), randomUUID());
  turns.set(conv.id, turn); // claimed before any await, so two requests cannot both start
  try {
    const model = injected ?? (await resolveModel(db, req.model));
    const [rows, refs] = await Promise.all([
      listMessages(db, conv.id),
      listConversationReferences(db, conv.id),
    ]);
    const system = systemPrompt(refs);
    const attached = attachmentParts(refs, req.message.references);
    const parent = req.parentId ? rows.find((r) => r.id === req.parentId) : null;
    if (req.parentId && (!parent || parent.role !== 'assistant' || parent.status === 'streaming')) {
      throw new AppError(
        'bad_request',
        'parentId must be a finished assistant message of this conversation',
      );
    }
    const at = Date.now();
    const base = {
      conversationId: conv.id,
      modelId: req.model,
      profile: req.profile,
      authorId: who.userId,
    };
    // Explicit times: both rows share one transaction, whose now() would tie them.
    const user = {
      ...base,
      id: turn.userMessageId,
      parentId: req.parentId,
      role: 'user' as const,
      imageSettings: image,
      parts: [{ type: 'text', text: req.message.text }, ...attached],
      status: 'complete' as const,
      createdAt: new Date(at),
    };
    const assistant = {
      ...base,
      id: turn.assistantMessageId,
      parentId: user.id,
      role: 'assistant' as const,
      parts: [],
      status: 'streaming' as const,
      createdAt: new Date(at + 1),
    };
    const siblings = rows
      .filter((r) => r.role === 'user' && r.parentId === (req.parentId ?? null))
      .map((r) => r.id);

    const recorded = db.transaction(async (tx) => {
      await tx.insert(messages).values([user, assistant]);
      const title =
        conv.title === DEFAULT_TITLE && !req.parentId ? titleFrom(req.message.text) : conv.title;
      await tx
        .update(conversations)
        .set({ activeLeafId: assistant.id, title, updatedAt: new Date() })
        .where(eq(conversations.id, conv.id));
      await appendAudit(tx, {
        actor: who.actor,
        action: siblings.length ? 'message.branched' : 'message.created',
        subject: `message:${user.id}`,
        workspaceId: conv.workspaceId,
        conversationId: conv.id,
        payload: {
          parentId: req.parentId,
          siblingOf: siblings,
          model: req.model,
          profile: req.profile,
          ...(image ? { image } : {}),
          references: attached.map((a) => a.data.id),
          contentSha256: canonicalSha256(user.parts),
        },
      });
    });
    const history = [
      ...branchTo(rows, req.parentId),
      { ...user, updatedAt: user.createdAt, error: null } satisfies MessageRow,
    ];
    void runTurn(db, turn, {
      model,
      history,
      recorded,
      principal: who,
      workspaceId: conv.workspaceId,
      profile: req.profile,
      image,
      system,
    });
    await recorded;
    return turn;
  } catch (err) {
    turn.abort.abort(err);
    turn.end();
    throw err;
  }
}

function titleFrom(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}
