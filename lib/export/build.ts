// A snapshot and its files, laid out as the package's entries: fixed order, SHA256SUMS over every
// other entry, and the signature over SHA256SUMS last.

import type { auditCheckpoints } from '../../db/schema';
import { version } from '../../package.json';
import type { SigningKey } from '../audit/signing-key';
import { sha256Hex } from '../auth/tokens';
import { segmentJsonl } from './audit-segment';
import { formatSums } from './checksums';
import { DIRS, FILES, PACKAGE_FORMAT } from './format';
import { type Manifest, manifestSchema } from './manifest';
import { signSums } from './signature';
import type { Snapshot } from './snapshot';
import { transcriptJson, transcriptMarkdown } from './transcript';
import type { ZipEntry } from './zip-write';

const REFERENCE_EXT: Record<string, string> = { pdf: '.pdf', csv: '.csv', png: '.png' };

export type PackageInput = {
  snapshot: Snapshot;
  checkpoints: Array<typeof auditCheckpoints.$inferSelect>;
  /** Bytes by sha256: every artifact's, and every reference's when they are included. */
  files: Map<string, Buffer>;
  includeReferences: boolean;
  exportedBy: string;
  exportedAt: Date;
  key: SigningKey;
  /** C2PA-signed copies by the sha256 of the image they copy (lib/export/c2pa.ts). */
  c2pa?: ReadonlyMap<string, Buffer>;
};

const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
const iso = (d: Date | null) => d?.toISOString() ?? null;

function fileOf(files: ReadonlyMap<string, Buffer>, sha256: string): Buffer {
  const data = files.get(sha256);
  if (!data) throw new Error(`no bytes for ${sha256}`);
  return data;
}

export function buildPackage(p: PackageInput): { entries: ZipEntry[]; manifest: Manifest } {
  const s = p.snapshot;
  const artifactPath = (sha256: string) => `${DIRS.artifacts}${sha256}.png`;
  const c2paPath = (sha256: string) => `${DIRS.c2pa}${sha256}.png`;
  const copies = p.c2pa ?? new Map<string, Buffer>();
  const referencePath = (r: Snapshot['references'][number]) =>
    `${DIRS.references}${r.sha256}${REFERENCE_EXT[r.kind] ?? ''}`;
  const sourcePath = (id: string) => `${DIRS.sources}${id}.txt`;
  const shas = new Set(s.artifacts.map((a) => a.sha256));

  const manifest: Manifest = manifestSchema.parse({
    format: PACKAGE_FORMAT,
    exportedAt: p.exportedAt.toISOString(),
    exportedBy: p.exportedBy,
    app: { name: 'atelier', version },
    workspace: s.workspace,
    conversation: {
      id: s.conversation.id,
      title: s.conversation.title,
      createdAt: s.conversation.createdAt.toISOString(),
    },
    signer: { algorithm: 'ed25519', publicKey: p.key.publicKey, keyId: p.key.keyId },
    counts: {
      messages: s.messages.length,
      generations: s.generations.length,
      artifacts: s.artifacts.length,
      references: s.references.length,
      sources: s.sources.length,
      auditEvents: s.audit.length,
    },
    artifacts: s.artifacts.map((a) => ({
      id: a.id,
      generationId: a.generationId,
      path: artifactPath(a.sha256),
      sha256: a.sha256,
      mime: a.mime,
      bytes: a.bytes,
      width: a.width,
      height: a.height,
      seed: a.seed,
      ...(copies.has(a.sha256)
        ? { c2pa: { path: c2paPath(a.sha256), sha256: sha256Hex(fileOf(copies, a.sha256)) } }
        : {}),
    })),
    references: s.references.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      mime: r.mime,
      bytes: r.bytes,
      sha256: r.sha256,
      ...(p.includeReferences ? { path: referencePath(r) } : {}),
    })),
    sources: s.sources.map((w) => ({
      id: w.id,
      url: w.url,
      finalUrl: w.finalUrl,
      title: w.title,
      fetchedAt: w.fetchedAt.toISOString(),
      bodySha256: w.sha256,
      path: sourcePath(w.id),
    })),
    audit: {
      firstSeq: s.audit[0]?.seq ?? 0,
      lastSeq: s.audit.at(-1)?.seq ?? 0,
      checkpoints: p.checkpoints.length,
    },
  });

  const generations = s.generations.map((g) => ({
    ...g,
    createdAt: iso(g.createdAt),
    finishedAt: iso(g.finishedAt),
    artifacts: s.artifacts
      .filter((a) => a.generationId === g.id)
      .map((a) => ({ id: a.id, sha256: a.sha256, path: artifactPath(a.sha256), seed: a.seed })),
  }));

  const text = (name: string, data: Buffer): ZipEntry => ({ name, data, compress: true });
  const entries: ZipEntry[] = [
    text(FILES.manifest, json(manifest)),
    text(
      FILES.transcriptMd,
      Buffer.from(transcriptMarkdown(s, (sha) => (shas.has(sha) ? artifactPath(sha) : undefined))),
    ),
    text(FILES.transcriptJson, json(transcriptJson(s))),
    text(FILES.generations, json(generations)),
    text(FILES.audit, segmentJsonl(s.audit, p.checkpoints)),
    // PNGs are compressed already: stored, they cost no CPU to pack or unpack.
    ...[...shas]
      .sort()
      .map((sha) => ({ name: artifactPath(sha), data: fileOf(p.files, sha), compress: false })),
    ...[...copies.keys()]
      .sort()
      .map((sha) => ({ name: c2paPath(sha), data: fileOf(copies, sha), compress: false })),
    ...(p.includeReferences
      ? [...new Map(s.references.map((r) => [referencePath(r), r.sha256])).entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([name, sha]) => text(name, fileOf(p.files, sha)))
      : []),
    ...s.sources.map((w) => text(sourcePath(w.id), Buffer.from(w.text))),
  ];
  const sums = formatSums(entries);
  entries.push(text(FILES.sums, sums), text(FILES.signature, signSums(p.key, sums)));
  return { entries, manifest };
}
