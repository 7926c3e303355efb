// A conversation worth packaging, made through the routes as a user would: a CSV reference, a
// draft image, then an HD image with exact text on another turn.
import * as me from '@/app/api/auth/me/route';
import * as chat from '@/app/api/chat/route';
import * as conversation from '@/app/api/conversations/[id]/route';
import * as conversations from '@/app/api/conversations/route';
import '@/lib/assistant/tools';
import '@/lib/ingest/runner';
import { userActor } from '@/lib/audit/actors';
import type { Member } from '@/lib/workspaces/access';
import { type Client, call, readUIStream } from './http';
import { COPY_CSV, upload } from './references';

export type PackagedConversation = { conversationId: string; workspaceId: string; who: Member };

async function turn(client: Client, conversationId: string, text: string, profile: string) {
  const view = await (
    await call(conversation.GET, { client, params: { id: conversationId } })
  ).json();
  const parentId = view.messages.at(-1)?.id ?? null;
  const res = await call(chat.POST, {
    client,
    body: { conversationId, parentId, message: { text }, model: 'offline', profile },
  });
  const chunks = await readUIStream(res);
  const images = chunks.filter(
    (c) =>
      c.type === 'tool-output-available' && (c.output as { status?: string }).status === 'complete',
  );
  if (!images.length) throw new Error(`the turn "${text}" rendered no image`);
}

export async function packagedConversation(client: Client): Promise<PackagedConversation> {
  const workspaceId = (await (await call(me.GET, { client })).json()).workspaces[0].id;
  const conversationId = (
    await (await call(conversations.POST, { client, body: { workspaceId } })).json()
  ).conversation.id;
  const up = await upload(client, { name: 'copy.csv', bytes: COPY_CSV }, { conversationId });
  if (up.status !== 201) throw new Error(`upload failed: ${up.status} ${await up.text()}`);
  await turn(client, conversationId, 'a red circle on a blue background', 'draft');
  await turn(client, conversationId, 'a banner with the text "Hello" in blue', 'hd');
  return {
    conversationId,
    workspaceId,
    who: { userId: client.user.id, actor: userActor(client.user.id), isAdmin: client.user.isAdmin },
  };
}
