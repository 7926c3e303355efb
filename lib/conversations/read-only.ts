import { AppError } from '../errors';

/**
 * An imported conversation is the record a verified package carried: it takes no new turn, edit,
 * regeneration, stop or reference. Renaming and deleting it stay allowed (neither alters what the
 * package recorded).
 */
export function assertWritable(c: { imported: unknown }): void {
  if (c.imported != null)
    throw new AppError(
      'conflict',
      'this conversation was imported from a package and is read-only; start a new conversation to continue the work',
    );
}
