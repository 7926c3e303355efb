import type { UIMessage } from 'ai';
import { eq } from 'drizzle-orm';
import { messages } from '../../../db/schema';
import '../../assistant/tools';
import { artifactRelPath } from '../../artifacts/paths';
import type { GenerateImageOutput } from '../../assistant/tools/generate-image';
import { ChatRequest } from '../../assistant/turn-request';
import { startTurn } from '../../assistant/turn-start';
import { loadConversation } from '../../conversations/load';
import { listMessages } from '../../conversations/messages';
import { createConversation } from '../../conversations/service';
import { parseWith } from '../../http/respond';
import { getDb } from '../../runtime/database';
import { blobAbsPath } from '../../storage/blobs';
import { OPERATOR, operatorWorkspaceId } from '../../workspaces/operator';
import { parse } from '../args';
import { CliError, log, printJson } from '../output';
import { attachFiles } from './ingest';

export async function chatCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    conversation: { type: 'string' },
    model: { type: 'string' },
    profile: { type: 'string' },
    attach: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 1)
    throw new CliError('usage', 'chat takes exactly one MESSAGE (quote it)');
  const db = await getDb();
  const conversationId = values.conversation
    ? (
        await loadConversation(
          db,
          OPERATOR,
          parseWith(ChatRequest.shape.conversationId, values.conversation),
          'editor',
        )
      ).id
    : (await createConversation(db, OPERATOR, await operatorWorkspaceId(db))).id;
  if (values.attach?.length) await attachFiles(values.attach, conversationId);
  const parentId = await continueFrom(db, conversationId);
  const req = parseWith(ChatRequest, {
    conversationId,
    parentId,
    message: { text: positionals[0] },
    model: values.model,
    profile: values.profile,
  });
  const turn = await startTurn(db, OPERATOR, req);
  if (!values.json) await echo(turn.subscribe());
  await turn.done;
  const [row] = await db.select().from(messages).where(eq(messages.id, turn.assistantMessageId));
  const parts = row.parts as UIMessage['parts'];
  const text = parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
  const toolCalls = parts
    .filter((p) => p.type.startsWith('tool-'))
    .map((p) => ({ tool: p.type.slice(5), ...(p as object) }));
  if (values.json)
    printJson({
      conversationId,
      messageId: row.id,
      text,
      toolCalls,
      artifacts: artifactsOf(parts),
    });
  else log(`\n[conversation ${conversationId} · message ${row.id} · ${row.status}]`);
  if (row.status !== 'complete')
    throw new CliError('provider_error', row.error ?? `the reply ended ${row.status}`);
  return 0;
}

/** Continue the branch last shown in the conversation (its active leaf), as the UI would. */
async function continueFrom(
  db: Awaited<ReturnType<typeof getDb>>,
  conversationId: string,
): Promise<string | null> {
  const conv = await loadConversation(db, OPERATOR, conversationId, 'editor');
  const leaf = (await listMessages(db, conversationId)).find((r) => r.id === conv.activeLeafId);
  if (leaf?.status === 'streaming')
    throw new CliError('conflict', 'a reply is still being written in this conversation');
  return leaf?.role === 'assistant' ? leaf.id : null;
}

async function echo(stream: ReadableStream<{ type: string; delta?: string }>): Promise<void> {
  for await (const chunk of stream as unknown as AsyncIterable<{ type: string; delta?: string }>) {
    if (chunk.type === 'text-delta' && chunk.delta) process.stdout.write(chunk.delta);
  }
  process.stdout.write('\n');
}

/** The images generate_image stored during the turn, with where they lie in the data root. */
function artifactsOf(parts: UIMessage['parts']) {
  return parts.flatMap((p) => {
    const out = (p as { type: string; state?: string; output?: GenerateImageOutput }).output;
    if (p.type !== 'tool-generate_image' || out?.status !== 'complete') return [];
    return out.images.map((img) => ({
      id: img.artifactId,
      sha256: img.sha256,
      seed: img.seed,
      path: blobAbsPath(artifactRelPath({ sha256: img.sha256, mime: 'image/png' })),
    }));
  });
}
