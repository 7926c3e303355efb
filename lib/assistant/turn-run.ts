import {
  convertToModelMessages,
  type LanguageModel,
  readUIMessageStream,
  stepCountIs,
  streamText,
  type UIMessage,
  type UIMessageChunk,
} from 'ai';
import type { Db } from '../../db/client';
import type { Profile } from '../../engine/models/family';
import { SYSTEM } from '../audit/actors';
import { toolEvents } from '../audit/tool-events';
import {
  type FinalStatus,
  finishAssistantMessage,
  type MessageRow,
  STREAMING_HEARTBEAT_MS,
  snapshotAssistantMessage,
  touchStreaming,
} from '../conversations/messages';
import { logInternal, publicError } from '../errors';
import type { Principal } from '../workspaces/access';
import { attachmentForModel } from './attachments';
import type { ImageSettings } from './image-settings';
import type { LiveTurn } from './live-turns';
import { buildTools } from './tools/registry';

type RunOptions = {
  model: LanguageModel;
  history: MessageRow[];
  /** Resolves when the turn's rows are committed; nothing is persisted or sent before that. */
  recorded: Promise<void>;
  principal: Principal;
  workspaceId: string;
  profile: Profile;
  /** What the person set in the composer's Advanced panel (null: the profile decides). */
  image?: ImageSettings | null;
  /** The instructions, and the conversation's references by name (see system-prompt.ts). */
  system: string;
  /** How often the row is stamped while the turn runs (tests shorten it). */
  heartbeatMs?: number;
};

const PERSIST_EVERY_MS = 250;

export const toUIMessages = (rows: MessageRow[]): UIMessage[] =>
  rows.map((r) => ({ id: r.id, role: r.role, parts: r.parts as UIMessage['parts'] }));

/** Streams the model through the tool loop into the live turn and persists snapshots as they arrive. */
export async function runTurn(db: Db, turn: LiveTurn, opts: RunOptions): Promise<void> {
  const ids = {
    id: turn.assistantMessageId,
    conversationId: turn.conversationId,
    workspaceId: opts.workspaceId,
    actor: opts.principal.actor,
  };
  let parts: unknown[] = [];
  // Tool calls and results already audited with a stored snapshot.
  const audited = new Set<string>();
  let status: FinalStatus = 'complete';
  let error: string | null = null;
  // Another process finished the row (a sweep that took this one for dead): the turn stops, and
  // what it has is not written over that.
  const lost = () => turn.stop(SYSTEM, 'finished by another process');
  let beat: NodeJS.Timeout | undefined;
  try {
    const tools = buildTools({
      db,
      principal: opts.principal,
      workspaceId: opts.workspaceId,
      conversationId: turn.conversationId,
      assistantMessageId: turn.assistantMessageId,
      profile: opts.profile,
      image: opts.image,
      recorded: opts.recorded,
    });
    const result = streamText({
      model: opts.model,
      system: opts.system,
      messages: await convertToModelMessages(toUIMessages(opts.history), {
        tools,
        ignoreIncompleteToolCalls: true,
        convertDataPart: attachmentForModel,
      }),
      tools,
      stopWhen: stepCountIs(6),
      abortSignal: turn.abort.signal,
    });
    const ui = result.toUIMessageStream({
      generateMessageId: () => turn.assistantMessageId,
      onError: (err) => {
        logInternal(err, 'assistant turn');
        return publicError(err).message;
      },
    });
    const [live, persisted] = ui.tee();
    await opts.recorded;
    beat = setInterval(() => {
      touchStreaming(db, ids.id).then(
        (alive) => alive || lost(),
        (err) => logInternal(err, 'turn heartbeat'),
      );
    }, opts.heartbeatMs ?? STREAMING_HEARTBEAT_MS);
    const pump = pumpInto(live, turn, (chunk) => {
      if (chunk.type === 'error') {
        status = 'error';
        error = chunk.errorText;
      }
    });
    // Handled here as well: when the persisted side throws first (a Stop aborts both), the catch
    // below never awaits the pump, and its rejection would otherwise go unhandled.
    pump.catch(() => undefined);
    let lastWrite = 0;
    for await (const snapshot of readUIMessageStream({
      stream: persisted,
      terminateOnError: false,
    })) {
      parts = snapshot.parts;
      const events = toolEvents(parts, audited);
      // A new tool call or result is stored (and audited) at once, not at the next tick.
      if (events.length || Date.now() - lastWrite >= PERSIST_EVERY_MS) {
        lastWrite = Date.now();
        if (await snapshotAssistantMessage(db, ids, parts, events))
          for (const e of events) audited.add(e.key);
        else lost();
      }
    }
    await pump;
  } catch (err) {
    if (
      !(await opts.recorded.then(
        () => true,
        () => false,
      ))
    )
      return turn.end();
    if (!turn.abort.signal.aborted) {
      logInternal(err, 'assistant turn');
      status = 'error';
      error = publicError(err).message;
    }
  }
  clearInterval(beat);
  if (turn.abort.signal.aborted) status = 'interrupted';
  try {
    await finishAssistantMessage(db, ids, {
      parts,
      status,
      error,
      toolEvents: toolEvents(parts, audited),
      stoppedBy: status === 'interrupted' ? turn.stoppedBy : null,
    });
  } catch (err) {
    logInternal(err, 'finishing assistant message');
  } finally {
    turn.end();
  }
}

async function pumpInto(
  stream: ReadableStream<UIMessageChunk>,
  turn: LiveTurn,
  inspect: (c: UIMessageChunk) => void,
) {
  for await (const chunk of stream as unknown as AsyncIterable<UIMessageChunk>) {
    inspect(chunk);
    turn.push(chunk);
  }
}
