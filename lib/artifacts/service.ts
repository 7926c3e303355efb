import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { artifacts } from '../../db/schema';
import { notFound } from '../errors';
import { existingBlob } from '../storage/blobs';
import { type Member, requireRole } from '../workspaces/access';
import { ARTIFACT_EXT, artifactRelPath } from './paths';

/** The stored file of an artifact, for members of its workspace only (others: 404). */
export async function artifactFile(db: Db, who: Member, id: string) {
  const [a] = await db.select().from(artifacts).where(eq(artifacts.id, id));
  if (!a) throw notFound('image');
  await requireRole(db, who, a.workspaceId, 'viewer', 'image');
  const file = await existingBlob(artifactRelPath(a), 'image file');
  return {
    path: file,
    mime: a.mime,
    bytes: a.bytes,
    filename: `atelier-${a.sha256.slice(0, 12)}${ARTIFACT_EXT[a.mime] ?? ''}`,
  };
}

export const artifactUrl = (id: string) => `/api/artifacts/${id}`;
