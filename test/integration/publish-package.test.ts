import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { loadSigningKey, type SigningKey } from '@/lib/audit/signing-key';
import { readEnv } from '@/lib/config/env';
import { formatSums } from '@/lib/export/checksums';
import { exportEntries } from '@/lib/export/export';
import { FILES } from '@/lib/export/format';
import { failed, reproducePackage } from '@/lib/export/reproduce';
import { signSums } from '@/lib/export/signature';
import { verifyPackage } from '@/lib/export/verify';
import { readZip } from '@/lib/export/zip-read';
import { type ZipEntry, zipBuffer } from '@/lib/export/zip-write';
import { closeEngine, engine } from '@/lib/jobs/engine';
import { atelier } from '../helpers/cli';
import { tempDataDir } from '../helpers/data-dir';
import { signUpClient } from '../helpers/http';
import { type PackagedConversation, packagedConversation } from '../helpers/package-fixture';
import { freshDatabase } from '../helpers/test-db';

const dataDir = tempDataDir('pkg');
let database: Database;
let conv: PackagedConversation;
let key: SigningKey;
let original: Map<string, Buffer>;
let n = 0;

const write = async (entries: Map<string, Buffer>) => {
  const file = path.join(dataDir, `p${n++}.zip`);
  const list: ZipEntry[] = [...entries].map(([name, data]) => ({ name, data, compress: true }));
  fs.writeFileSync(file, await zipBuffer(list));
  return file;
};

/** The package with SHA256SUMS and its signature made again, as only the key holder can. */
function resigned(entries: Map<string, Buffer>, by: SigningKey = key): Map<string, Buffer> {
  const out = new Map(entries);
  out.delete(FILES.sums);
  out.delete(FILES.signature);
  const sums = formatSums([...out].map(([name, data]) => ({ name, data })));
  return out.set(FILES.sums, sums).set(FILES.signature, signSums(by, sums));
}

beforeAll(async () => {
  database = await freshDatabase();
  const alice = await signUpClient('alice@example.com');
  conv = await packagedConversation(alice);
  key = loadSigningKey(readEnv().stateDir);
  const { entries } = await exportEntries(database.db, conv.who, conv.conversationId, {
    includeReferences: true,
    key,
  });
  original = new Map(entries.map((e) => [e.name, e.data]));
}, 240_000);
afterAll(async () => {
  await closeEngine();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('a publish package', () => {
  it('holds every part of the conversation, and verifies untouched', async () => {
    const names = [...original.keys()];
    expect(names.slice(0, 5)).toEqual([
      'manifest.json',
      'transcript.md',
      'transcript.json',
      'generations.json',
      'audit.jsonl',
    ]);
    expect(names.slice(-2)).toEqual(['SHA256SUMS', 'SHA256SUMS.sig']);
    expect(names.filter((f) => f.startsWith('artifacts/'))).toHaveLength(2);
    expect(names.filter((f) => f.startsWith('references/'))).toEqual([
      expect.stringMatching(/\.csv$/),
    ]);
    const manifest = JSON.parse(original.get('manifest.json')!.toString());
    expect(manifest.counts).toMatchObject({
      messages: 4,
      generations: 2,
      artifacts: 2,
      references: 1,
    });
    const audit = original
      .get('audit.jsonl')!
      .toString()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(audit.at(-2)).toMatchObject({ type: 'event', action: 'conversation.exported' });
    expect(audit.at(-1)).toMatchObject({
      type: 'checkpoint',
      seq: audit.at(-2).seq,
      keyId: key.keyId,
    });
    const transcript = original.get('transcript.md')!.toString();
    expect(transcript).toContain('a banner with the text "Hello" in blue');
    expect(transcript).toMatch(/!\[image [0-9a-f]{12}\]\(artifacts\/[0-9a-f]{64}\.png\)/);
    const report = await verifyPackage(await write(original));
    expect(report.problems).toEqual([]);
    expect(report.keyId).toBe(key.keyId);
  });

  it('without reference files, keeps their hashes only', async () => {
    const { entries, manifest } = await exportEntries(database.db, conv.who, conv.conversationId, {
      includeReferences: false,
      key,
    });
    expect(entries.some((e) => e.name.startsWith('references/'))).toBe(false);
    expect(manifest.references[0]).toMatchObject({
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(manifest.references[0].path).toBeUndefined();
    expect(
      (await verifyPackage(await write(new Map(entries.map((e) => [e.name, e.data]))))).ok,
    ).toBe(true);
  });

  it('a changed byte in any file fails, naming that file', async () => {
    for (const [name, data] of original) {
      const changed = Buffer.from(data);
      const at = Math.floor(changed.length / 2);
      changed[at] ^= 0x01;
      const report = await verifyPackage(await write(new Map(original).set(name, changed)));
      expect(report.ok, name).toBe(false);
      const named = report.problems.filter((p) => p.file === name || p.problem.includes(name));
      // SHA256SUMS itself is covered by the signature: a change there fails the signature.
      if (name === FILES.sums)
        expect(report.problems.map((p) => p.file)).toContain(FILES.signature);
      else expect(named.length, `${name}: ${JSON.stringify(report.problems)}`).toBeGreaterThan(0);
    }
  });

  it('a removed or an added file fails, naming it', async () => {
    for (const name of original.keys()) {
      const less = new Map(original);
      less.delete(name);
      const report = await verifyPackage(await write(less));
      expect(report.ok, name).toBe(false);
      expect(
        report.problems.map((p) => p.file),
        name,
      ).toContain(name);
    }
    const more = new Map(original).set('artifacts/extra.png', Buffer.from('not listed'));
    const report = await verifyPackage(await write(more));
    expect(report.problems).toEqual([
      { file: 'artifacts/extra.png', problem: 'not listed in SHA256SUMS (added)' },
    ]);
  });

  it('reordered audit lines fail, even re-signed by the key holder', async () => {
    const lines = original.get('audit.jsonl')!.toString().trim().split('\n');
    [lines[1], lines[2]] = [lines[2], lines[1]];
    const report = await verifyPackage(
      await write(
        resigned(new Map(original).set('audit.jsonl', Buffer.from(`${lines.join('\n')}\n`))),
      ),
    );
    expect(report.problems).toContainEqual({
      file: 'audit.jsonl',
      problem: expect.stringMatching(
        /^line 3: event seq \d+ comes after seq \d+ \(out of order\)$/,
      ),
    });
  });

  it("a swapped signature fails; re-signing with another key is not the workspace's checkpoint", async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const { describePublicKey } = await import('@/lib/audit/signing-key');
    const spki = (await import('node:crypto'))
      .createPublicKey(privateKey)
      .export({ format: 'der', type: 'spki' });
    const other: SigningKey = {
      privateKey,
      publicKey: spki.toString('base64'),
      keyId: describePublicKey(spki.toString('base64')).keyId,
    };
    const swapped = new Map(original).set(
      FILES.signature,
      signSums(other, original.get(FILES.sums)!),
    );
    expect((await verifyPackage(await write(swapped))).problems).toEqual([
      { file: FILES.signature, problem: 'signature does not verify with the key in manifest.json' },
    ]);
    // A forger with their own key rewrites the manifest's signer and signs everything again.
    const manifest = JSON.parse(original.get('manifest.json')!.toString());
    manifest.signer = { algorithm: 'ed25519', publicKey: other.publicKey, keyId: other.keyId };
    const forged = resigned(
      new Map(original).set('manifest.json', Buffer.from(JSON.stringify(manifest))),
      other,
    );
    const report = await verifyPackage(await write(forged));
    expect(report.keyId).toBe(other.keyId);
    expect(report.problems).toEqual([
      { file: 'audit.jsonl', problem: "the closing checkpoint is not signed by the package's key" },
    ]);
  });

  it('reproduces bit for bit: the draft and the HD image (hires, upscaler, text layer)', async () => {
    const outcomes = await reproducePackage(original, engine());
    expect(outcomes).toHaveLength(2);
    for (const o of outcomes) {
      expect(o.problem).toBeUndefined();
      expect(o.ep.now).toBe(o.ep.recorded);
      expect(o.images.map((i) => i.bitExact)).toEqual([true]);
      expect(failed(o)).toBe(false);
    }
    const generations = JSON.parse(original.get('generations.json')!.toString());
    expect(Object.keys(generations[1].routing.stages).sort()).toEqual([
      'hires',
      'text',
      'upscaler',
    ]);
  }, 120_000);

  it('a recorded seed that did not make the image is a mismatch, with its PSNR', async () => {
    const generations = JSON.parse(original.get('generations.json')!.toString());
    generations[0].params.seed += 1;
    const lying = resigned(
      new Map(original).set('generations.json', Buffer.from(JSON.stringify(generations))),
    );
    const [o] = await reproducePackage(lying, engine());
    expect(o.images[0].bitExact).toBe(false);
    expect(o.images[0].psnr).toBeGreaterThan(0);
    expect(o.images[0].psnr).toBeLessThan(60);
    expect(failed(o)).toBe(true);
  }, 120_000);

  it('the CLI: export writes the file atomically, verify says one line per problem and exits 1', async () => {
    const env = { ATELIER_DATA_DIR: dataDir };
    const good = path.join(dataDir, 'cli.zip');
    // The CLI opens the data dir's own database: export a conversation it holds.
    const made = await atelier(['chat', 'a green square', '--json'], env);
    expect(made.code).toBe(0);
    const id = JSON.parse(made.stdout).conversationId;
    const out = await atelier(['export', id, '--out', good, '--json'], env);
    expect(out.code, out.stderr).toBe(0);
    const printed = JSON.parse(out.stdout);
    expect(printed).toMatchObject({ path: good, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await atelier(['verify', good], env)).code).toBe(0);
    const entries = await readZip(good);
    entries.set('transcript.md', Buffer.from('rewritten'));
    const bad = await atelier(['verify', await write(entries), '--json'], env);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).problems).toEqual([
      { file: 'transcript.md', problem: 'sha256 does not match SHA256SUMS (changed)' },
    ]);
    for (const args of [
      ['verify'],
      ['verify', path.join(dataDir, 'nope.zip')],
      ['export', 'x', '--out', good],
      ['export', id],
    ]) {
      const r = await atelier(args, env);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^error: [a-z_]+: /);
    }
  }, 120_000);
});
