import { z } from 'zod';
import type { PROFILES as STORED_PROFILES } from '../../db/schema';
import { PROFILES } from '../../engine/models/family';
import { uuid } from '../http/respond';
import { ImageSettings } from './image-settings';

/** The only thing a client sends for a turn: the server rebuilds history from the database. */
export const ChatRequest = z.object({
  conversationId: uuid('conversationId must be a uuid'),
  parentId: uuid('parentId must be a uuid').nullable(),
  message: z.object({
    text: z.string().trim().min(1, 'the message is empty').max(20_000, 'the message is too long'),
    /** References of this conversation that the message attaches (uploaded from the composer). */
    references: z
      .array(uuid('reference ids must be uuids'))
      .max(20, 'at most 20 references can be attached to one message')
      .default([]),
  }),
  model: z.string().min(1).max(200).default('offline'),
  // db/ may not import engine/, so the stored columns list the profiles again: they must agree.
  profile: z.enum(PROFILES satisfies typeof STORED_PROFILES).default('draft'),
  /** Set in the composer's Advanced panel; each wins over the profile and the tool call. */
  image: ImageSettings.optional(),
});
export type ChatRequest = z.infer<typeof ChatRequest>;
