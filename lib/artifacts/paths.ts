import { blobRelPath } from '../storage/blobs';

export const ARTIFACT_EXT: Record<string, string> = { 'image/png': '.png' };

/** Where an artifact's bytes are stored under uploads/ (content-addressed). */
export const artifactRelPath = (a: { sha256: string; mime: string }) =>
  blobRelPath(a.sha256, ARTIFACT_EXT[a.mime] ?? '');
