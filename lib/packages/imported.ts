import { z } from 'zod';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const isoTime = z.iso.datetime({ offset: true });

/** `conversations.imported`: where an imported conversation came from, as its verified package says. */
export const ImportedFrom = z.strictObject({
  /** Of the package file as received. */
  packageSha256: sha256,
  /** The signer's key id (sha256 of its public key). */
  keyId: sha256,
  verifiedAt: isoTime,
  exportedAt: isoTime,
  exportedBy: z.string(),
  sourceWorkspace: z.strictObject({ id: z.uuid(), name: z.string() }),
  sourceConversationId: z.uuid(),
  sourceTitle: z.string(),
  appVersion: z.string(),
  /** References the package named by their hash only (exported without files): not imported. */
  referencesWithoutFiles: z.int().nonnegative(),
});
export type ImportedFrom = z.infer<typeof ImportedFrom>;

/** The stored value, checked; null for a conversation made here (or a value this version cannot read). */
export function importedFrom(row: { imported: unknown }): ImportedFrom | null {
  if (row.imported == null) return null;
  const parsed = ImportedFrom.safeParse(row.imported);
  return parsed.success ? parsed.data : null;
}
