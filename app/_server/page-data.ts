// The first state of the signed-in pages, read while the page renders on the server: the account,
// its workspaces, the model list and the sidebar's conversations for the shell, and the
// conversation for /c/:id with the image models and its references. The page's HTML then already
// shows the conversation, instead of waiting for the JavaScript and two rounds of API calls. Each
// value is what the matching GET route answers (same services, JSON round trip), so the client
// components treat it exactly as a response; they fetch on their own when it is absent.
import { cookies } from 'next/headers';
import { redirect, unstable_rethrow } from 'next/navigation';
import { cache } from 'react';
import { modelChoices } from '@/lib/assistant/providers';
import { resolveSession, SESSION_COOKIE } from '@/lib/auth/sessions';
import { listConversations } from '@/lib/conversations/service';
import { conversationView } from '@/lib/conversations/view';
import { logInternal, publicError } from '@/lib/errors';
import { parseWith, Uuid } from '@/lib/http/respond';
import { accountOf, principalOf } from '@/lib/http/session';
import { listImageModels } from '@/lib/jobs/models';
import { referencesListing } from '@/lib/references/listing';
import { getDb } from '@/lib/runtime/database';
import type {
  ChatSeeds,
  ConversationDetail,
  ConversationListSeed,
  Me,
  ModelsResponse,
} from '../_lib/types';
import { pickWorkspace, WORKSPACE_COOKIE } from '../_lib/workspace-cookie';

/** What the client would get from the JSON API: dates as strings, no undefined fields. */
const asJson = <T>(value: unknown): T => JSON.parse(JSON.stringify(value)) as T;

/** The session of this request (once per render, shared by the layout and the page). */
const currentSession = cache(async () => {
  // The cookies first: they make the render dynamic (at build time Next stops here, before any
  // database is opened).
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const db = await getDb();
  return { db, session: await resolveSession(db, token) };
});

/** A value the page can do without: on failure, logged and left to the client to ask for. */
const optional = <T>(read: Promise<T>): Promise<T | undefined> =>
  read.catch((err) => {
    logInternal(err, 'page data');
    return undefined;
  });

export type ShellData = {
  me: Me;
  models: ModelsResponse;
  /** The workspace last chosen in this browser (its cookie), checked against `me` by the client. */
  preferredWorkspace: string | null;
  /** The sidebar's conversations in the workspace the page opens on. */
  conversations?: ConversationListSeed;
};

/**
 * /api/auth/me and /api/models, read on the server. Signed out: to /signin, where the client's 401
 * would have sent the person. Any other failure: null, and the client asks the API itself (and shows
 * the error it gets there).
 */
export async function shellData(): Promise<ShellData | null> {
  let data: ShellData | null;
  try {
    const { db, session } = await currentSession();
    if (!session) data = null;
    else {
      const [me, models] = await Promise.all([accountOf(db, session), modelChoices(db)]);
      const preferredWorkspace = (await cookies()).get(WORKSPACE_COOKIE)?.value ?? null;
      const workspaceId = pickWorkspace(me.workspaces, preferredWorkspace);
      const conversations =
        workspaceId && (await optional(listConversations(db, principalOf(session), workspaceId)));
      data = {
        me: asJson<Me>(me),
        models: asJson<ModelsResponse>(models),
        preferredWorkspace,
        ...(conversations
          ? { conversations: asJson<ConversationListSeed>({ workspaceId, conversations }) }
          : {}),
      };
    }
  } catch (err) {
    unstable_rethrow(err); // Next's own signals (a dynamic render, a redirect) are not failures
    logInternal(err, 'page data');
    return null;
  }
  if (!data) redirect('/signin');
  return data;
}

export type ConversationData =
  | { detail: ConversationDetail; seeds: ChatSeeds }
  | { error: { status: number; message: string } };

/**
 * GET /api/conversations/:id, read on the server: the conversation, or the error the API would
 * answer; with it the chat's other first GETs (image models, the conversation's references).
 */
export async function conversationData(id: string): Promise<ConversationData> {
  let out: ConversationData | null;
  try {
    const { db, session } = await currentSession();
    if (!session) out = null;
    else {
      const who = principalOf(session);
      const conversationId = parseWith(Uuid, id);
      const view = await conversationView(db, who, conversationId);
      const [imageModels, references] = await Promise.all([
        optional(listImageModels(who)),
        optional(referencesListing(db, who, { conversationId })),
      ]);
      out = {
        detail: asJson<ConversationDetail>(view),
        seeds: asJson<ChatSeeds>({ imageModels, references }),
      };
    }
  } catch (err) {
    unstable_rethrow(err);
    logInternal(err, 'page data');
    const e = publicError(err);
    out = { error: { status: e.status, message: e.message } };
  }
  if (!out) redirect('/signin');
  return out;
}
