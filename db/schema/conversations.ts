import {
  type AnyPgColumn,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { users, workspaces } from './accounts';

export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    /**
     * Where the latest turn ended: the branch shown to a member who has not chosen one
     * (`conversation_views`).
     */
    activeLeafId: uuid('active_leaf_id'),
    /**
     * Set when the conversation came from a verified publish package (`ImportedFrom`,
     * lib/packages/imported.ts); such a conversation is a read-only record.
     */
    imported: jsonb('imported').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('conversations_workspace_idx').on(t.workspaceId, t.updatedAt)],
);

export const MESSAGE_STATUSES = ['streaming', 'complete', 'error', 'interrupted'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
/** The engine's profiles (engine/models/family.ts), which db/ may not import; lib/ checks they agree. */
export const PROFILES = ['draft', 'hd', 'diagnostics'] as const;

export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    parentId: uuid('parent_id').references((): AnyPgColumn => messages.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['user', 'assistant'] }).notNull(),
    parts: jsonb('parts').notNull().$type<unknown[]>(),
    modelId: text('model_id').notNull(),
    profile: text('profile', { enum: PROFILES }).notNull(),
    /**
     * A user message's image settings from the composer (`ImageSettings`,
     * lib/assistant/image-settings.ts): each wins over the profile. Null: the profile's defaults.
     */
    imageSettings: jsonb('image_settings').$type<Record<string, unknown>>(),
    status: text('status', { enum: MESSAGE_STATUSES }).notNull(),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('messages_conversation_idx').on(t.conversationId, t.createdAt),
    index('messages_parent_idx').on(t.parentId),
    index('messages_status_idx').on(t.status),
  ],
);

/**
 * The branch each member last looked at, theirs alone: switching it changes nobody else's view. The
 * leaf is not a foreign key (messages go only with their conversation, which takes these rows too);
 * one that names no message of the conversation reads as no choice.
 */
export const conversationViews = pgTable(
  'conversation_views',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    leafId: uuid('leaf_id').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.conversationId] }),
    index('conversation_views_conversation_idx').on(t.conversationId),
  ],
);
