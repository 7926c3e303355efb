import { z } from 'zod';
import { PACKAGE_FORMAT } from './format';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const isoTime = z.iso.datetime({ offset: true });
const entryPath = (dir: string) =>
  z.string().regex(new RegExp(`^${dir}/[A-Za-z0-9._-]+$`), `a file under ${dir}/`);

/**
 * manifest.json of a publish package. `format` names the version; a reader refuses versions it
 * does not know. The JSON Schema beside this file (manifest.schema.json) is generated from it.
 */
export const manifestSchema = z.strictObject({
  format: z.literal(PACKAGE_FORMAT),
  exportedAt: isoTime,
  exportedBy: z.string().min(1),
  app: z.strictObject({ name: z.literal('atelier'), version: z.string() }),
  workspace: z.strictObject({ id: z.uuid(), name: z.string() }),
  conversation: z.strictObject({ id: z.uuid(), title: z.string(), createdAt: isoTime }),
  signer: z.strictObject({
    algorithm: z.literal('ed25519'),
    publicKey: z.string().min(1),
    keyId: sha256,
  }),
  counts: z.strictObject({
    messages: z.int().nonnegative(),
    generations: z.int().nonnegative(),
    artifacts: z.int().nonnegative(),
    references: z.int().nonnegative(),
    sources: z.int().nonnegative(),
    auditEvents: z.int().nonnegative(),
  }),
  artifacts: z.array(
    z.strictObject({
      id: z.uuid(),
      generationId: z.uuid().nullable(),
      path: entryPath('artifacts'),
      sha256,
      mime: z.literal('image/png'),
      bytes: z.int().nonnegative(),
      width: z.int().positive().nullable(),
      height: z.int().positive().nullable(),
      seed: z.number().nullable(),
      /** A copy with a C2PA manifest embedded, when the exporter had a C2PA certificate. */
      c2pa: z.strictObject({ path: entryPath('c2pa'), sha256 }).optional(),
    }),
  ),
  references: z.array(
    z.strictObject({
      id: z.uuid(),
      name: z.string(),
      kind: z.string(),
      mime: z.string(),
      bytes: z.int().nonnegative(),
      sha256,
      /** Absent when the package was exported without reference files (their hashes only). */
      path: entryPath('references').optional(),
    }),
  ),
  sources: z.array(
    z.strictObject({
      id: z.uuid(),
      url: z.string(),
      finalUrl: z.string(),
      title: z.string(),
      fetchedAt: isoTime,
      /** Of the body as fetched; the extracted text is the file at `path`. */
      bodySha256: sha256,
      path: entryPath('sources'),
    }),
  ),
  /** audit.jsonl: the conversation's events (seq firstSeq..lastSeq) and the checkpoints on them. */
  audit: z.strictObject({
    firstSeq: z.int().nonnegative(),
    lastSeq: z.int().nonnegative(),
    checkpoints: z.int().positive(),
  }),
});

export type Manifest = z.infer<typeof manifestSchema>;

/** The JSON Schema of manifest.json, as committed in manifest.schema.json. */
export const manifestJsonSchema = () =>
  z.toJSONSchema(manifestSchema, { target: 'draft-2020-12', io: 'input' });
