// Publish packages with C2PA copies: a conversation with a PDF, a CSV and a PNG reference and two
// draft images, exported with a development certificate the test makes with openssl.
import fs from 'node:fs';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as me from '@/app/api/auth/me/route';
import * as chat from '@/app/api/chat/route';
import * as conversations from '@/app/api/conversations/route';
import type { Database } from '@/db/client';
import { auditEvents } from '@/db/schema';
import '@/lib/assistant/tools';
import { userActor } from '@/lib/audit/actors';
import { loadSigningKey, type SigningKey } from '@/lib/audit/signing-key';
import { readEnv } from '@/lib/config/env';
import { TRAINED_ALGORITHMIC_MEDIA } from '@/lib/export/c2pa-manifest';
import { exportEntries } from '@/lib/export/export';
import type { Manifest } from '@/lib/export/manifest';
import { verifyPackage } from '@/lib/export/verify';
import { zipBuffer } from '@/lib/export/zip-write';
import { closeParsers } from '@/lib/ingest/runner';
import { closeEngine } from '@/lib/jobs/engine';
import type { Member } from '@/lib/workspaces/access';
import { activeManifest, type DevC2paCert, makeDevC2paCert, readC2pa } from '../helpers/c2pa';
import { tempDataDir } from '../helpers/data-dir';
import { type Client, call, readUIStream, signUpClient } from '../helpers/http';
import { makePdf } from '../helpers/pdf';
import { flipInIdat } from '../helpers/png';
import { BRIEF_PAGES, COPY_CSV, moodboardPng, upload } from '../helpers/references';
import { freshDatabase } from '../helpers/test-db';

const dataDir = tempDataDir('c2pa');
const cert: DevC2paCert = makeDevC2paCert();
let database: Database;
let alice: Client;
let who: Member;
let conversationId: string;
let key: SigningKey;
let n = 0;

const REFERENCES = ['brief.pdf', 'copy.csv', 'moodboard.png'];

async function drawTurn(text: string) {
  const res = await call(chat.POST, {
    client: alice,
    body: { conversationId, parentId: null, message: { text }, model: 'offline', profile: 'draft' },
  });
  const done = (await readUIStream(res)).some(
    (c) =>
      c.type === 'tool-output-available' && (c.output as { status?: string }).status === 'complete',
  );
  if (!done) throw new Error(`the turn "${text}" rendered no image`);
}

/** Exports with ATELIER_C2PA_CERT/KEY set as given (unset for null), as the CLI and route do. */
async function exportWith(
  c2pa: { certPath: string; keyPath: string } | null,
  includeReferences = true,
) {
  process.env.ATELIER_C2PA_CERT = c2pa?.certPath ?? '';
  process.env.ATELIER_C2PA_KEY = c2pa?.keyPath ?? '';
  try {
    const { entries, manifest } = await exportEntries(database.db, who, conversationId, {
      includeReferences,
      key,
    });
    return { entries: new Map(entries.map((e) => [e.name, e.data])), manifest };
  } finally {
    delete process.env.ATELIER_C2PA_CERT;
    delete process.env.ATELIER_C2PA_KEY;
  }
}

const write = async (entries: Map<string, Buffer>) => {
  const file = path.join(dataDir, `p${n++}.zip`);
  const list = [...entries].map(([name, data]) => ({ name, data, compress: false }));
  fs.writeFileSync(file, await zipBuffer(list));
  return file;
};

const exportEvents = async () =>
  (
    await database.db
      .select({ n: count() })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'conversation.exported'))
  )[0].n;

beforeAll(async () => {
  database = await freshDatabase();
  alice = await signUpClient('alice@example.com');
  const workspaceId = (await (await call(me.GET, { client: alice })).json()).workspaces[0].id;
  conversationId = (
    await (await call(conversations.POST, { client: alice, body: { workspaceId } })).json()
  ).conversation.id;
  for (const [name, bytes] of [
    [REFERENCES[0], makePdf(BRIEF_PAGES)],
    [REFERENCES[1], COPY_CSV],
    [REFERENCES[2], await moodboardPng()],
  ] as const) {
    const res = await upload(alice, { name, bytes }, { conversationId });
    if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  }
  await drawTurn('a red circle on a blue background');
  await drawTurn('a green square on a white background');
  who = { userId: alice.user.id, actor: userActor(alice.user.id), isAdmin: alice.user.isAdmin };
  key = loadSigningKey(readEnv().stateDir);
}, 240_000);
afterAll(async () => {
  await closeEngine();
  await closeParsers();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(cert.dir, { recursive: true, force: true });
});

describe('C2PA copies in a publish package', () => {
  it('sign a copy of each image beside the untouched original, and the package verifies', async () => {
    const plain = await exportWith(null);
    const { entries, manifest } = await exportWith(cert);
    const names = [...entries.keys()];
    const artifactNames = names.filter((f) => f.startsWith('artifacts/'));
    const copyNames = names.filter((f) => f.startsWith('c2pa/'));
    expect(artifactNames).toHaveLength(2);
    expect(copyNames).toEqual(artifactNames.map((f) => f.replace('artifacts/', 'c2pa/')));
    // Right after the originals, in the same (sorted) order.
    expect(names.indexOf(copyNames[0])).toBe(names.indexOf(artifactNames[1]) + 1);
    for (const f of artifactNames) expect(entries.get(f)!.equals(plain.entries.get(f)!)).toBe(true);
    expect(manifest.artifacts.map((a) => a.c2pa?.path)).toEqual(
      manifest.artifacts.map((a) => a.path.replace('artifacts/', 'c2pa/')),
    );
    const report = await verifyPackage(await write(entries));
    expect(report.problems).toEqual([]);

    const generations = JSON.parse(entries.get('generations.json')!.toString());
    for (const a of manifest.artifacts) {
      const store = await readC2pa(entries.get(a.c2pa!.path)!, cert);
      expect(store.validation_state, a.c2pa!.path).toBe('Trusted');
      const active = activeManifest(store);
      const actions = active.assertions?.find((x) => x.label.startsWith('c2pa.actions'))?.data as {
        actions: Array<{ action: string; digitalSourceType?: string }>;
      };
      expect(actions.actions).toEqual([
        expect.objectContaining({
          action: 'c2pa.created',
          digitalSourceType: TRAINED_ALGORITHMIC_MEDIA,
        }),
      ]);
      expect(active.ingredients?.map((i) => [i.title, i.relationship])).toEqual(
        REFERENCES.map((r) => [r, 'inputTo']),
      );
      expect(active.ingredients?.map((i) => i.instance_id)).toEqual(
        manifest.references.map((r) => `atelier:reference:${r.id}`),
      );
      expect(active.assertions?.find((x) => x.label === 'atelier.generation')?.data).toEqual({
        conversationId,
        artifacts: [
          {
            artifactId: a.id,
            generationId: a.generationId,
            modelId: generations.find((g: { id: string }) => g.id === a.generationId).modelId,
            seed: a.seed,
          },
        ],
      });
    }
  });

  it('a changed pixel byte in a copy reads back invalid and fails the package', async () => {
    const { entries, manifest } = await exportWith(cert);
    const copy = manifest.artifacts[0].c2pa!.path;
    const changed = flipInIdat(entries.get(copy)!);
    expect((await readC2pa(changed, cert)).validation_state).toBe('Invalid');
    const report = await verifyPackage(await write(new Map(entries).set(copy, changed)));
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      { file: copy, problem: 'sha256 does not match SHA256SUMS (changed)' },
      {
        file: copy,
        problem: `C2PA copy of image ${manifest.artifacts[0].id}'s bytes do not hash to the sha256 in manifest.json`,
      },
    ]);
  });

  it('names every reference as an ingredient when only their hashes are packaged', async () => {
    const { entries, manifest } = await exportWith(cert, false);
    expect([...entries.keys()].some((f) => f.startsWith('references/'))).toBe(false);
    const store = await readC2pa(entries.get(manifest.artifacts[0].c2pa!.path)!, cert);
    expect(store.validation_state).toBe('Trusted');
    expect(activeManifest(store).ingredients?.map((i) => i.title)).toEqual(REFERENCES);
    expect((await verifyPackage(await write(entries))).ok).toBe(true);
  });

  it('without a certificate configured, a package has no c2pa folder', async () => {
    const { entries, manifest } = await exportWith(null);
    expect([...entries.keys()].filter((f) => f.startsWith('c2pa/'))).toEqual([]);
    expect(manifest.artifacts.every((a: Manifest['artifacts'][number]) => !a.c2pa)).toBe(true);
  });

  it('a misconfigured certificate fails the export before anything is recorded', async () => {
    const before = await exportEvents();
    // Refused when the export starts (checked here) and when c2pa signs (inside the transaction).
    for (const [c2pa, message] of [
      [
        { certPath: cert.certPath, keyPath: cert.otherKeyPath },
        'ATELIER_C2PA_KEY is not the key of the first certificate in ATELIER_C2PA_CERT',
      ],
      [
        { certPath: cert.noOrganisationCertPath, keyPath: cert.keyPath },
        'ATELIER_C2PA_CERT was refused by c2pa',
      ],
    ] as const)
      await expect(exportWith(c2pa)).rejects.toMatchObject({
        name: 'AppError',
        message: expect.stringContaining(`C2PA signing is misconfigured: ${message}`),
      });
    expect(await exportEvents()).toBe(before);
  });
});
