import { z } from 'zod';
import { PROFILES } from '../../engine/models/family';
import { Uuid, uuid } from '../http/respond';

/** A review filter: an image's current verdict, or none yet. */
export const REVIEW_FILTERS = ['approved', 'rejected', 'unreviewed'] as const;

/** `GET /api/images`: one scope (a workspace or a conversation), filters and the page. */
export const GalleryQuery = z
  .object({
    workspaceId: Uuid.optional(),
    conversationId: Uuid.optional(),
    profile: z
      .enum(PROFILES, { error: `profile must be one of ${PROFILES.join(', ')}` })
      .optional(),
    model: z.string().trim().min(1).max(200, 'model is too long').optional(),
    review: z
      .enum(REVIEW_FILTERS, { error: `review must be one of ${REVIEW_FILTERS.join(', ')}` })
      .optional(),
    /** The id of the last image already shown; the page starts after it. */
    cursor: uuid('not a valid cursor').optional(),
    limit: z.coerce
      .number('limit must be a number')
      .int('limit must be a whole number')
      .min(1, 'limit must be at least 1')
      .max(100, 'limit must be at most 100')
      .default(48),
  })
  .refine((q) => (q.workspaceId === undefined) !== (q.conversationId === undefined), {
    message: 'give either workspaceId or conversationId',
  });
export type GalleryQuery = z.infer<typeof GalleryQuery>;

export const GALLERY_PARAMS = [
  'workspaceId',
  'conversationId',
  'profile',
  'model',
  'review',
  'cursor',
  'limit',
] as const;
