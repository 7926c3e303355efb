// `atelier verify FILE`: checks a package with nothing but the package. Each problem names the
// file it is about and what failed.
import { describePublicKey } from '../audit/signing-key';
import { sha256Hex } from '../auth/tokens';
import { AppError } from '../errors';
import { verifySegment } from './audit-segment';
import { parseSums } from './checksums';
import { FILES } from './format';
import { type Manifest, manifestSchema } from './manifest';
import { sumsSignatureHolds } from './signature';
import { readZip } from './zip-read';

export type PackageProblem = { file: string; problem: string };

export type PackageVerification = {
  ok: boolean;
  problems: PackageProblem[];
  /** The signer's key id (sha256 of its public key), when the manifest names one. */
  keyId: string | null;
  manifest: Manifest | null;
  /** The package's entries, for callers that go on (import, reproduce) once it verifies. */
  entries: Map<string, Buffer>;
};

const SIGNED = new Set<string>([FILES.sums, FILES.signature]);

function readManifest(entries: Map<string, Buffer>, problems: PackageProblem[]): Manifest | null {
  const raw = entries.get(FILES.manifest);
  if (!raw) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(raw.toString('utf8'));
  } catch {
    problems.push({ file: FILES.manifest, problem: 'not JSON' });
    return null;
  }
  const parsed = manifestSchema.safeParse(doc);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues.slice(0, 5))
    problems.push({
      file: FILES.manifest,
      problem: `does not match the schema at ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    });
  return null;
}

function checkSums(entries: Map<string, Buffer>, problems: PackageProblem[]): void {
  const sums = entries.get(FILES.sums);
  if (!sums) return;
  const { lines, bad } = parseSums(sums.toString('utf8'));
  for (const n of bad)
    problems.push({ file: FILES.sums, problem: `line ${n} is not "<sha256>  <file>"` });
  const listed = new Map<string, string>();
  for (const l of lines) {
    if (listed.has(l.name)) problems.push({ file: l.name, problem: 'listed twice in SHA256SUMS' });
    listed.set(l.name, l.sha256);
  }
  for (const [name, data] of entries) {
    if (SIGNED.has(name)) continue;
    const want = listed.get(name);
    if (want === undefined)
      problems.push({ file: name, problem: 'not listed in SHA256SUMS (added)' });
    else if (sha256Hex(data) !== want)
      problems.push({ file: name, problem: 'sha256 does not match SHA256SUMS (changed)' });
  }
  for (const name of listed.keys())
    if (!entries.has(name))
      problems.push({ file: name, problem: 'listed in SHA256SUMS but missing (removed)' });
}

function checkSignature(m: Manifest, entries: Map<string, Buffer>, problems: PackageProblem[]) {
  const sums = entries.get(FILES.sums);
  const sig = entries.get(FILES.signature);
  if (!sums || !sig) return;
  let keyId: string | null = null;
  try {
    keyId = describePublicKey(m.signer.publicKey).keyId;
  } catch {
    problems.push({
      file: FILES.manifest,
      problem: 'signer.publicKey is not an ed25519 public key',
    });
    return;
  }
  if (keyId !== m.signer.keyId)
    problems.push({
      file: FILES.manifest,
      problem: 'signer.keyId is not the hash of signer.publicKey',
    });
  if (!sumsSignatureHolds(m.signer.publicKey, sums, sig))
    problems.push({
      file: FILES.signature,
      problem: 'signature does not verify with the key in manifest.json',
    });
}

function checkContents(m: Manifest, entries: Map<string, Buffer>, problems: PackageProblem[]) {
  const same = (path: string, sha256: string, what: string) => {
    const data = entries.get(path);
    if (!data) problems.push({ file: path, problem: `${what} named in manifest.json is missing` });
    else if (sha256Hex(data) !== sha256)
      problems.push({
        file: path,
        problem: `${what}'s bytes do not hash to the sha256 in manifest.json`,
      });
  };
  for (const a of m.artifacts) {
    same(a.path, a.sha256, `image ${a.id}`);
    if (a.c2pa) same(a.c2pa.path, a.c2pa.sha256, `C2PA copy of image ${a.id}`);
  }
  for (const r of m.references) if (r.path) same(r.path, r.sha256, `reference ${r.id}`);
  for (const s of m.sources)
    if (!entries.has(s.path))
      problems.push({ file: s.path, problem: `source ${s.id} named in manifest.json is missing` });
  const audit = entries.get(FILES.audit);
  if (!audit) return;
  const seg = verifySegment(audit.toString('utf8'), m.signer.keyId);
  for (const p of seg.problems) problems.push({ file: FILES.audit, problem: p });
  if (
    seg.events !== m.counts.auditEvents ||
    seg.firstSeq !== m.audit.firstSeq ||
    seg.lastSeq !== m.audit.lastSeq ||
    seg.checkpoints !== m.audit.checkpoints
  )
    problems.push({
      file: FILES.audit,
      problem: 'its events or checkpoints differ from what manifest.json counts',
    });
}

export async function verifyPackage(file: string): Promise<PackageVerification> {
  let entries: Map<string, Buffer>;
  try {
    entries = await readZip(file);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return {
      ok: false,
      problems: [{ file, problem: err.message }],
      keyId: null,
      manifest: null,
      entries: new Map(),
    };
  }
  const problems: PackageProblem[] = [];
  for (const name of [
    FILES.manifest,
    FILES.sums,
    FILES.signature,
    FILES.audit,
    FILES.generations,
    FILES.transcriptJson,
  ])
    if (!entries.has(name))
      problems.push({ file: name, problem: 'missing (every package has it)' });
  checkSums(entries, problems);
  const manifest = readManifest(entries, problems);
  if (manifest) {
    checkSignature(manifest, entries, problems);
    checkContents(manifest, entries, problems);
  }
  return {
    ok: problems.length === 0,
    problems,
    keyId: manifest?.signer.keyId ?? null,
    manifest,
    entries,
  };
}
