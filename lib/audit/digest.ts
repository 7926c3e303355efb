import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { sha256Hex } from '../auth/tokens';

/**
 * sha256 of the RFC 8785 canonical JSON of `value`. Stored JSON (jsonb) reorders object keys, so
 * only a canonical form lets a digest put in an audit payload be recomputed from the stored row.
 */
export function canonicalSha256(value: unknown): string {
  const canonical = canonicalize(value);
  if (canonical === undefined) throw new Error('value is not serialisable as JSON');
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * A failure event's `errorSha256`: the sha256 of the error text its row stores, so the stored error
 * can be checked against the chain. Nothing when the row stores none.
 */
export const errorDigest = (error: string | null | undefined): { errorSha256?: string } =>
  error == null ? {} : { errorSha256: sha256Hex(error) };
