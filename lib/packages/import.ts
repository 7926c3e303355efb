// `POST /api/workspaces/:id/imports` and `atelier import`: a verified package becomes a read-only
// conversation of the target workspace, with new ids for everything it brings.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { workspaces } from '../../db/schema';
import { AppError, notFound } from '../errors';
import type { Manifest } from '../export/manifest';
import { verifyPackage } from '../export/verify';
import { type Principal, requireAccess } from '../workspaces/access';
import { IdMap } from './id-map';
import { ImportFiles } from './import-files';
import { type ImportResult, writeImportRows } from './import-rows';
import type { ImportedFrom } from './imported';
import { readPackageContent } from './package-content';

export type { ImportResult };

/** The package's problems as one sentence; the staged file's own path is not the person's business. */
function refusal(file: string, problems: Array<{ file: string; problem: string }>): AppError {
  const shown = problems
    .slice(0, 3)
    .map((p) => (p.file === file ? p.problem : `${p.file}: ${p.problem}`));
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
  const text = shown.join('; ');
  return new AppError(
    'bad_request',
    text.startsWith('package refused')
      ? text
      : `package refused: it does not verify: ${text}${more}`,
  );
}

function importedOf(m: Manifest, packageSha256: string): ImportedFrom {
  return {
    packageSha256,
    keyId: m.signer.keyId,
    verifiedAt: new Date().toISOString(),
    exportedAt: m.exportedAt,
    exportedBy: m.exportedBy,
    sourceWorkspace: m.workspace,
    sourceConversationId: m.conversation.id,
    sourceTitle: m.conversation.title,
    appVersion: m.app.version,
    referencesWithoutFiles: m.references.filter((r) => !r.path).length,
  };
}

async function targetWorkspace(db: Db, who: Principal, workspaceId: string): Promise<void> {
  await requireAccess(db, who, workspaceId, 'editor');
  const [ws] = await db
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  if (!ws) throw notFound('workspace');
}

/**
 * Refuses a package that does not verify (nothing is written then). Otherwise its images and
 * reference files are stored, and one transaction writes the conversation (marked imported), every
 * message of every branch, the generations, artifacts and references, and `conversation.imported`;
 * if it fails, the files no row names are removed again.
 */
export async function importPackage(
  db: Db,
  who: Principal,
  workspaceId: string,
  file: string,
): Promise<ImportResult> {
  await targetWorkspace(db, who, workspaceId);
  const report = await verifyPackage(file);
  if (!report.ok || !report.manifest) throw refusal(file, report.problems);
  const content = readPackageContent(report.manifest, report.entries);
  const packageSha256 = createHash('sha256')
    .update(await fs.readFile(file))
    .digest('hex');
  const ids = new IdMap();
  const files = new ImportFiles(db);
  try {
    await files.putImages(content.manifest, content.entries);
    for (const r of content.manifest.references)
      if (r.path) await files.readReference(r, content.entries.get(r.path)!, ids.id(r.id));
    const imported = importedOf(content.manifest, packageSha256);
    const result = await db.transaction((tx) =>
      writeImportRows(tx, { who, workspaceId, content, ids, files, imported }),
    );
    await files.release();
    return result;
  } catch (err) {
    await files.discard();
    throw err;
  }
}
