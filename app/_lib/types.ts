import type { UIMessage } from 'ai';

export type Role = 'owner' | 'editor' | 'viewer';
export type Profile = 'draft' | 'hd';
export type MessageStatus = 'streaming' | 'complete' | 'error' | 'interrupted';

export type User = { id: string; email: string; name: string; isAdmin: boolean };
export type Workspace = { id: string; name: string; role: Role; personal: boolean };
export type Me = { user: User; workspaces: Workspace[] };

export type ConversationSummary = { id: string; title: string; updatedAt: string };
export type Conversation = {
  id: string;
  title: string;
  workspaceId: string;
  activeLeafId: string | null;
};

export type MessagePart = UIMessage['parts'][number];

export type MessageRow = {
  id: string;
  parentId: string | null;
  role: 'user' | 'assistant';
  parts: MessagePart[];
  modelId: string | null;
  profile: Profile | null;
  status: MessageStatus;
  error: string | null;
  createdAt: string;
};

export type ConversationDetail = {
  conversation: Conversation;
  messages: MessageRow[];
  live: boolean;
  role: Role;
};

export type ModelInfo = { id: string; label: string; provider: string };
export type ModelsResponse = { models: ModelInfo[]; defaultModel: string };

export type Member = { userId: string; email: string; name: string; role: Role };

export type ProviderPublic = {
  id: string;
  name: string;
  baseURL: string;
  models: string[];
  hasKey: boolean;
};
export type AdminSettings = { signupOpen: boolean; providers: ProviderPublic[] };
