import type { DbOrTx } from '../../db/client';
import { readEnv } from '../config/env';
import type { Principal } from '../workspaces/access';
import { resolveTarget } from './access';
import { listReferences } from './store';
import { referenceView } from './view';

/**
 * GET /api/references: the references of a conversation or workspace (viewers and up) and the upload
 * size limit, so clients refuse an oversized file before sending it. The chat page reads it too.
 */
export async function referencesListing(
  db: DbOrTx,
  who: Principal,
  of: { conversationId?: string; workspaceId?: string },
) {
  const target = await resolveTarget(db, who, of, 'viewer');
  return {
    references: (await listReferences(db, target)).map(referenceView),
    limits: { maxBytes: readEnv().maxUploadBytes },
  };
}
