// Reference ingest benchmark: a 50-page PDF against pdf-parse alone, a 100k-row CSV against
// papaparse streaming alone (each in a process of its own, bench/raw-parsers.ts), and the peak RSS
// increase while ingesting a 1M-row CSV (measured in a fresh child process). An ingest is the whole
// path: staging (hash, fsync), sniffing, the parse worker, and one transaction with the row, its
// passages (tsvector-indexed) and the audit event. Medians of alternating runs with warm workers.
// Embedded PGlite by default, on a data directory as the app keeps it (an in-memory PGlite grows
// its files by copying them, which an app never does); BENCH_DATABASE_URL (an admin URL of a
// PostgreSQL server) runs the same against a scratch database there.
import { fork, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../db/client';
import { workspaces } from '../db/schema';
import { csvPartCounts } from '../lib/ingest/csv-parts';
import { closeParsers } from '../lib/ingest/runner';
import { type IngestStep, ingestReference } from '../lib/references/ingest';
import { machine } from '../lib/util/machine';
import { OPERATOR } from '../lib/workspaces/operator';
import { makePdf } from '../test/helpers/pdf';
import type { RawRequest } from './raw-parsers';
import { cpuMsSince, round, summary } from './stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const WARMUP = 2;
const SERVER = process.env.BENCH_DATABASE_URL;
const SCRATCH_DB = 'atelier_bench_ingest';
const who = OPERATOR;

const sentence = (i: number) =>
  `Line ${i}: the campaign keeps the brand green, fresh produce and a friendly tone for commuters.`;

function writeCsv(file: string, rows: number): number {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, 'id,sku,headline,copy,price,launch\n');
  for (let start = 1; start <= rows; start += 10_000) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(start + 10_000, rows + 1); i++) {
      lines.push(
        `${i},SKU-${String(i).padStart(7, '0')},Headline ${i},"Fresh copy for row ${i}, with a comma",${(i % 1000) / 10 + 1},2025-0${(i % 9) + 1}-1${i % 10}\n`,
      );
    }
    fs.writeSync(fd, lines.join(''));
  }
  fs.closeSync(fd);
  return fs.statSync(file).size;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: SERVER });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** `stateDir`: where embedded PGlite keeps its data directory. */
async function openBenchDatabase(stateDir: string): Promise<Database> {
  if (!SERVER) return openDatabase({ stateDir });
  await admin(async (c) => {
    await c.query(`drop database if exists ${SCRATCH_DB} with (force)`);
    await c.query(`create database ${SCRATCH_DB}`);
  });
  const url = new URL(SERVER);
  url.pathname = `/${SCRATCH_DB}`;
  return openDatabase({ stateDir: '', databaseUrl: url.toString() });
}

type Stages = { stageMs: number; parseMs: number; commitMs: number };
/** One timed run: wall time, and the CPU time of the process that ran it (all its threads). */
type Timed = { ms: number; cpuMs: number };

/**
 * Times whole ingests; each goes to a new workspace (the same bytes in one place are a duplicate).
 * The ingest's progress steps split each time into staging (hash, fsync, sniff, duplicate lookup), parsing (the worker)
 * and storing (one transaction), kept in `stages`.
 */
function ingester(database: Database) {
  let n = 0;
  const stages: Stages[] = [];
  const ingest = async (file: string, limits = {}) => {
    const [ws] = await database.db
      .insert(workspaces)
      .values({ name: `bench ${n++}` })
      .returning();
    const at: Record<string, number> = {};
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const source = fs.createReadStream(file, { highWaterMark: 1 << 20 });
    const onProgress = (p: IngestStep) => void (at[p.step] = performance.now());
    await ingestReference(database.db, who, {
      target: { workspaceId: ws.id, conversationId: null },
      name: path.basename(file),
      source,
      limits,
      onProgress,
    });
    const end = performance.now();
    stages.push({
      stageMs: at.parsing - t0,
      parseMs: at.storing - at.parsing,
      commitMs: end - at.storing,
    });
    return { ms: end - t0, cpuMs: cpuMsSince(cpu) };
  };
  return Object.assign(ingest, { stages });
}

/** The stage medians, and the parse stage alone against the raw parser (the worker's reading, passages indexed beside it). */
const withStages = (rawP50: number, stages: ReturnType<typeof stageMedians>) => ({
  ingestStagesP50: stages,
  parseStageRatio: round(stages.parseMs / rawP50),
});

/** Medians of the stage times recorded since `from`. */
const stageMedians = (stages: Stages[], from: number) => {
  const s = stages.slice(from);
  return {
    stageMs: summary(s.map((x) => x.stageMs)).p50,
    parseMs: summary(s.map((x) => x.parseMs)).p50,
    commitMs: summary(s.map((x) => x.commitMs)).p50,
  };
};

type Baselines = { run: (req: RawRequest) => Promise<Timed>; close: () => void };

/**
 * A baselines' process (bench/raw-parsers.ts); each call times one raw run there. One per parser:
 * papaparse ran at half speed in a process where pdf.js had run.
 */
async function startBaselines(): Promise<Baselines> {
  const child = fork(path.join(import.meta.dirname, 'raw-parsers.ts'), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const next = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`the baselines' process exited (${code})`));
      child.once('exit', onExit);
      child.once('message', (m) => {
        child.off('exit', onExit);
        resolve(m as Record<string, unknown>);
      });
    });
  await next();
  return {
    run: async (req) => {
      const answer = next();
      child.send(req);
      const m = await answer;
      if (typeof m.ms !== 'number' || typeof m.cpuMs !== 'number')
        throw new Error(`baseline run failed: ${String(m.error)}`);
      return { ms: m.ms, cpuMs: m.cpuMs };
    },
    close: () => child.kill(),
  };
}

async function compare(raw: () => Promise<Timed>, ours: () => Promise<Timed>) {
  const r: Timed[] = [];
  const o: Timed[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const a = await raw();
    const b = await ours();
    if (i < WARMUP) continue;
    r.push(a);
    o.push(b);
  }
  const ms = (list: Timed[]) => summary(list.map((t) => t.ms));
  const cpu = (list: Timed[]) => summary(list.map((t) => t.cpuMs)).p50;
  // The ratio of the medians, and the median of each run's own ratio (raw and ingest ran back to
  // back, so a slow spell of this shared machine weighs on both sides of a pair).
  const paired = summary(o.map((x, i) => x.ms / r[i].ms)).p50;
  // CPU time over all threads: divided by the cores it can use, it bounds how fast an ingest can get.
  const cpuRatio = round(cpu(o) / cpu(r));
  return {
    rawMs: ms(r),
    ingestMs: ms(o),
    ratio: round(ms(o).p50 / ms(r).p50),
    pairedRatioP50: round(paired),
    rawCpuMsP50: cpu(r),
    ingestCpuMsP50: cpu(o),
    cpuRatio,
  };
}

/** In a fresh process: database open and parse worker warm, then RSS sampled every 5 ms through one ingest. */
async function rssChild(file: string) {
  const database = await openBenchDatabase(path.dirname(file));
  const ingest = ingester(database);
  const warm = path.join(path.dirname(file), 'warm.csv');
  fs.writeFileSync(warm, `a,b\n${'1,2\n'.repeat(100)}`);
  // Both parse workers started: this file is split (any size may be, and one indexed row fits the first part).
  await ingest(warm, { csvPartBytes: 1, csvIndexedRows: 1 });
  if (csvPartCounts.combined !== 1) throw new Error('the warm-up CSV was not read by two workers');
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  const { ms } = await ingest(file, { maxBytes: 1024 ** 3 });
  clearInterval(sampler);
  await closeParsers();
  await database.close();
  process.stdout.write(
    JSON.stringify({
      ingestMs: round(ms),
      rssBeforeMB: round(before / 2 ** 20),
      peakRssIncreaseMB: round((peak - before) / 2 ** 20),
    }),
  );
}

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-bench-ingest-'));
  process.env.ATELIER_DATA_DIR = root;
  const database = await openBenchDatabase(root);
  const ingest = ingester(database);

  const pdfFile = path.join(root, 'brief-50.pdf');
  const pages = Array.from({ length: 50 }, (_, p) => [
    `Page ${p + 1}`,
    ...Array.from({ length: 40 }, (_, l) => sentence(p * 40 + l)),
  ]);
  fs.writeFileSync(pdfFile, makePdf(pages, { title: 'Fifty-page brief' }));
  const pdfBytes = fs.statSync(pdfFile).size;
  const pdfBaseline = await startBaselines();
  const coldMs = (await ingest(pdfFile)).ms;
  let mark = ingest.stages.length + WARMUP;
  const pdf = {
    pages: 50,
    bytes: pdfBytes,
    ...(await compare(
      () => pdfBaseline.run({ kind: 'pdf', file: pdfFile }),
      () => ingest(pdfFile),
    )),
    goal: SERVER ? 'ratio ≤ 1.2' : 'ratio ≤ 1.3',
  };
  Object.assign(pdf, withStages(pdf.rawMs.p50, stageMedians(ingest.stages, mark)));
  pdfBaseline.close();

  const csvFile = path.join(root, 'copy-100k.csv');
  const csvBytes = writeCsv(csvFile, 100_000);
  mark = ingest.stages.length + WARMUP;
  const csvBaseline = await startBaselines();
  const counted = { ...csvPartCounts };
  const csv = {
    rows: 100_000,
    bytes: csvBytes,
    ...(await compare(
      () => csvBaseline.run({ kind: 'csv', file: csvFile }),
      () => ingest(csvFile),
    )),
    goal: 'ratio ≤ 2.5 (cpuRatio reported beside it)',
  };
  // Whether each ingest was read by both workers in byte ranges, or read again in one pass.
  const inParts = {
    combined: csvPartCounts.combined - counted.combined,
    readAgain: csvPartCounts.readAgain - counted.readAgain,
  };
  Object.assign(csv, withStages(csv.rawMs.p50, stageMedians(ingest.stages, mark)), { inParts });
  csvBaseline.close();
  await closeParsers();
  await database.close();

  const bigFile = path.join(root, 'copy-1m.csv');
  const bigBytes = writeCsv(bigFile, 1_000_000);
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', import.meta.filename, '--rss', bigFile],
    { env: process.env, encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (child.status !== 0) throw new Error(`RSS run failed: ${child.stderr}`);
  const big = {
    rows: 1_000_000,
    bytes: bigBytes,
    ...JSON.parse(child.stdout),
    goal: 'peak RSS increase ≤ 150 MB',
  };

  fs.rmSync(root, { recursive: true, force: true });
  if (SERVER) await admin((c) => c.query(`drop database if exists ${SCRATCH_DB} with (force)`));
  const result = {
    machine: machine(),
    database: SERVER ? 'postgres' : 'pglite',
    baselines: 'pdf-parse and papaparse alone, each in a process of its own',
    cpuCounted: SERVER
      ? 'this process, all threads (not the database server)'
      : 'this process, all threads (the embedded database included)',
    runs: RUNS,
    firstIngestWithWorkerStartMs: round(coldMs),
    pdf,
    csv100k: csv,
    csv1m: big,
  };
  const out = path.join(
    import.meta.dirname,
    'results',
    SERVER ? 'ingest-postgres.json' : 'ingest.json',
  );
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

const rss = process.argv.indexOf('--rss');
(rss > 0 ? rssChild(process.argv[rss + 1]) : main()).catch((err) => {
  console.error(err);
  process.exit(1);
});
