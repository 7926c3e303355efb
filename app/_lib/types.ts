import type { UIMessage } from 'ai';
import type { MessageStatus, Role } from '@/db/schema';
import type { Profile } from '@/engine/models/family';
import type { ImageSettings } from '@/lib/assistant/image-settings';
import type { ModelInfo, publicProviders } from '@/lib/assistant/providers';
import type { SessionUser } from '@/lib/auth/sessions';
import type { ImageModelListing } from '@/lib/jobs/models';
import type { ImportedFrom } from '@/lib/packages/imported';
import type { ReferenceView } from '@/lib/references/view';
import type { Review } from '@/lib/reviews/review';

export type { MessageStatus, ModelInfo, Profile, Role };

export type User = SessionUser;
export type Workspace = { id: string; name: string; role: Role; personal: boolean };
export type Me = { user: User; workspaces: Workspace[] };

export type ConversationSummary = { id: string; title: string; updatedAt: string };
/** GET /api/conversations?workspaceId= for one workspace, read on the server for the sidebar. */
export type ConversationListSeed = { workspaceId: string; conversations: ConversationSummary[] };
export type Conversation = {
  id: string;
  title: string;
  workspaceId: string;
  activeLeafId: string | null;
  /** Set for a conversation imported from a verified package (read-only). */
  imported?: ImportedFrom | null;
};

export type MessagePart = UIMessage['parts'][number];

export type MessageRow = {
  id: string;
  parentId: string | null;
  role: 'user' | 'assistant';
  parts: MessagePart[];
  modelId: string | null;
  profile: Profile | null;
  /** A user message's image settings from the composer (absent or null: the profile's). */
  imageSettings?: ImageSettings | null;
  status: MessageStatus;
  error: string | null;
  createdAt: string;
};

export type ConversationDetail = {
  conversation: Conversation;
  messages: MessageRow[];
  live: boolean;
  role: Role;
  /** The current review of each reviewed image, by image id. */
  reviews?: Record<string, Review>;
};

/**
 * What the chat page asks for besides the conversation, read on the server with it: each stands for
 * the first GET of its route (absent when it could not be read: the client asks then).
 */
export type ChatSeeds = {
  imageModels?: ImageModelListing;
  references?: { references: ReferenceView[]; limits: { maxBytes: number } };
};

export type ModelsResponse = { models: ModelInfo[]; defaultModel: string };

export type Member = { userId: string; email: string; name: string; role: Role };
export type PendingInvite = {
  id: string;
  email: string;
  role: Role;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
};

export type ProviderPublic = ReturnType<typeof publicProviders>[number];
export type AdminSettings = { signupOpen: boolean; providers: ProviderPublic[] };
