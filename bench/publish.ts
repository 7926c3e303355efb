// Publish packages at the size the issue names: a conversation with 100 images (25 draft
// generations of 4 on the built-in model). Export (read rows and files, sign, write the zip) and
// verify (read it back, every check) run alternately, then every generation is reproduced and
// its time set beside the time the original render took.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadSigningKey } from '../lib/audit/signing-key';
import { readEnv } from '../lib/config/env';
import { createConversation } from '../lib/conversations/service';
import { exportEntries } from '../lib/export/export';
import { failed, reproducePackage } from '../lib/export/reproduce';
import { verifyPackage } from '../lib/export/verify';
import { writeZipAtomic } from '../lib/export/zip-write';
import { closeEngine, engine } from '../lib/jobs/engine';
import { runImageJob } from '../lib/jobs/image-job';
import { closeDatabase, getDb } from '../lib/runtime/database';
import { machine } from '../lib/util/machine';
import { OPERATOR, operatorWorkspaceId } from '../lib/workspaces/operator';
import { runBench, writeResult } from './results';
import { summary } from './stats';

const GENERATIONS = 25;
const PER_GENERATION = 4;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 5);

async function main() {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'atelier-bench-publish-'));
  process.env.ATELIER_DATA_DIR = root;
  const db = await getDb();
  const workspaceId = await operatorWorkspaceId(db);
  const { id } = await createConversation(db, OPERATOR, workspaceId);
  const originalMs: number[] = [];
  for (let i = 0; i < GENERATIONS; i++) {
    const r = await runImageJob(db, {
      workspaceId,
      conversationId: id,
      messageId: null,
      actor: OPERATOR.actor,
      profile: 'draft',
      params: {
        prompt: `poster ${i}: a red circle on a blue background`,
        seed: i * 10,
        count: PER_GENERATION,
      },
    });
    originalMs.push(Number(r.timings.totalMs) / PER_GENERATION);
  }
  const key = loadSigningKey(readEnv().stateDir);
  const file = path.join(root, 'package.zip');
  const exportMs: number[] = [];
  const verifyMs: number[] = [];
  let bytes = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    let t = performance.now();
    const { entries } = await exportEntries(db, OPERATOR, id, { includeReferences: true, key });
    bytes = (await writeZipAtomic(entries, file)).bytes;
    exportMs.push(performance.now() - t);
    t = performance.now();
    const report = await verifyPackage(file);
    verifyMs.push(performance.now() - t);
    if (!report.ok)
      throw new Error(`the package does not verify: ${JSON.stringify(report.problems)}`);
  }
  const { entries } = await verifyPackage(file);
  const outcomes = await reproducePackage(entries, engine());
  const bad = outcomes.find(failed);
  if (bad) throw new Error(`a generation did not reproduce: ${JSON.stringify(bad)}`);
  const reproduceMs = outcomes.map((o) => (o.reproduceMs ?? 0) / o.images.length);
  writeResult('publish', {
    machine: machine(),
    conversation: {
      generations: GENERATIONS,
      images: GENERATIONS * PER_GENERATION,
      packageBytes: bytes,
    },
    exportMs: summary(exportMs),
    verifyMs: summary(verifyMs),
    perImage: {
      originalMs: summary(originalMs),
      reproduceMs: summary(reproduceMs),
      bitExact: outcomes.every((o) => o.images.every((img) => img.bitExact)),
    },
    targets: { exportMs: 3000, verifyMs: 1000 },
  });
  await closeEngine();
  await closeDatabase();
  await fs.rm(root, { recursive: true, force: true });
}

runBench(main);
