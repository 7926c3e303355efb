import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { artifacts } from '../../db/schema';
import { notFound } from '../errors';
import { existingBlob } from '../storage/blobs';
import { type Member, requireRole } from '../workspaces/access';
import { ARTIFACT_EXT, artifactRelPath } from './paths';

/** An artifact's row, for members of its workspace only (others: 404). */
export async function loadArtifact(db: Db, who: Member, id: string) {
  const [a] = await db.select().from(artifacts).where(eq(artifacts.id, id));
  if (!a) throw notFound('image');
  await requireRole(db, who, a.workspaceId, 'viewer', 'image');
  return a;
}

/** The absolute path of an artifact's stored bytes (a 404 when the file is gone). */
export const storedArtifact = (a: { sha256: string; mime: string }) =>
  existingBlob(artifactRelPath(a), 'image file');

/** The stored file of an artifact, for members of its workspace only (others: 404). */
export async function artifactFile(db: Db, who: Member, id: string) {
  const a = await loadArtifact(db, who, id);
  return {
    path: await storedArtifact(a),
    mime: a.mime,
    bytes: a.bytes,
    filename: `atelier-${a.sha256.slice(0, 12)}${ARTIFACT_EXT[a.mime] ?? ''}`,
  };
}

export const artifactUrl = (id: string) => `/api/artifacts/${id}`;
