// C2PA-signed copies of a package's images (`c2pa/<sha256>.png`), made when ATELIER_C2PA_CERT and
// ATELIER_C2PA_KEY are set. The originals stay as rendered: reproduce compares their bytes, and a
// claim holds random ids and an ECDSA signature, so two signings of one image never match.
import { Builder, LocalSigner } from '@contentauth/c2pa-node';
import { readEnv } from '../config/env';
import { type C2paPaths, c2paMisconfigured, readC2paCredentials } from './c2pa-credentials';
import {
  type C2paImage,
  type C2paIngredient,
  c2paDefinition,
  c2paIngredientJson,
  referenceInstanceId,
  TRAINED_ALGORITHMIC_MEDIA,
} from './c2pa-manifest';
import type { Snapshot } from './snapshot';

// No claim thumbnail: it is a JPEG of the whole image, so it made each copy far larger and
// signing far slower, and a viewer shows the image itself. Each copy is verified as it is signed:
// some certificates c2pa signs with read back invalid (one whose subject has no O, say).
const SETTINGS = {
  builder: { thumbnail: { enabled: false } },
  verify: { verify_after_sign: true },
};

const CERT_PROFILE =
  'C2PA signs with an end-entity certificate issued by a CA to a subject with an organisation (O=), with key usage digitalSignature and an extended key usage such as emailProtection or documentSigning';

export type C2paSigner = LocalSigner;

/** The signer ATELIER_C2PA_CERT and ATELIER_C2PA_KEY name, or null when they are unset. */
export function configuredC2paSigner(
  paths: C2paPaths | undefined = readEnv().c2pa,
): C2paSigner | null {
  if (!paths) return null;
  const { certChain, key } = readC2paCredentials(paths);
  try {
    return LocalSigner.newSigner(certChain, key, 'es256');
  } catch (err) {
    throw c2paMisconfigured('ATELIER_C2PA_CERT', `was refused by c2pa: ${(err as Error).message}`);
  }
}

/** `png` with a C2PA manifest embedded; the ingredients' bytes, when given, are read for theirs. */
export async function signPng(
  signer: C2paSigner,
  image: C2paImage,
  png: Buffer,
  ingredientData: ReadonlyMap<string, Buffer> = new Map(),
): Promise<Buffer> {
  const builder = Builder.withJson(c2paDefinition(image), SETTINGS);
  builder.setIntent({ create: TRAINED_ALGORITHMIC_MEDIA });
  for (const i of image.ingredients) {
    const data = ingredientData.get(i.instanceId);
    await builder.addIngredient(
      c2paIngredientJson(i),
      data ? { buffer: data, mimeType: i.format } : undefined,
    );
  }
  const out: { buffer: Buffer | null } = { buffer: null };
  try {
    builder.sign(signer, { buffer: png, mimeType: 'image/png' }, out);
  } catch (err) {
    const message = (err as Error).message;
    // c2pa checks the certificate's profile only when it signs.
    if (/certificate|signature/i.test(message))
      throw c2paMisconfigured(
        'ATELIER_C2PA_CERT',
        `was refused by c2pa (${message}): ${CERT_PROFILE}`,
      );
    throw err;
  }
  if (!out.buffer) throw new Error('c2pa returned no signed image');
  return out.buffer;
}

/**
 * A signed copy of each distinct image of the snapshot, by the original's sha256. Every reference
 * is an ingredient; its bytes are read when `files` holds them (reference files included).
 */
export async function signCopies(
  signer: C2paSigner,
  s: Snapshot,
  files: ReadonlyMap<string, Buffer>,
): Promise<Map<string, Buffer>> {
  const ingredients: C2paIngredient[] = s.references.map((r) => ({
    instanceId: referenceInstanceId(r.id),
    title: r.name,
    format: r.mime,
  }));
  const ingredientData = new Map<string, Buffer>();
  for (const r of s.references) {
    const data = files.get(r.sha256);
    if (data) ingredientData.set(referenceInstanceId(r.id), data);
  }
  const modelOf = new Map(s.generations.map((g) => [g.id, g.modelId]));
  const copies = new Map<string, Buffer>();
  for (const sha of new Set(s.artifacts.map((a) => a.sha256))) {
    const png = files.get(sha);
    if (!png) throw new Error(`no bytes for ${sha}`);
    const image: C2paImage = {
      title: s.conversation.title,
      conversationId: s.conversation.id,
      artifacts: s.artifacts
        .filter((a) => a.sha256 === sha)
        .map((a) => ({
          artifactId: a.id,
          generationId: a.generationId,
          modelId: (a.generationId && modelOf.get(a.generationId)) || null,
          seed: a.seed,
        })),
      ingredients,
    };
    copies.set(sha, await signPng(signer, image, png, ingredientData));
  }
  return copies;
}
