// Load on the production server (issue 15): 50 chat streams, 20 draft generations queued through
// chat turns and 5 uploads, all at once, from signed-in users over loopback HTTP; then 8 draft
// generations at once against the same 8 one after another. Reports every error (the run exits 1
// if there was any), the server's peak RSS, time to first token and the server's own event-loop
// delay (read from GET /api/admin/metrics as the admin), and writes bench/results/load.json.
// Counts can be lowered for a quick look: BENCH_CHAT_STREAMS, BENCH_GENERATIONS, BENCH_UPLOADS;
// BENCH_LOAD_TIMEOUT_S bounds the whole run (default 900).
import os from 'node:os';
import { z } from 'zod';
import { machine } from '../lib/util/machine';
import { Client, Metrics } from './load-client';
import { compareDrafts } from './load-drafts';
import { uploadFiles } from './load-files';
import { peakRssKb, sampleRss } from './load-rss';
import { ensureBuild, SERVE_COMMAND, type Server, startServer } from './load-server';
import { runBench, writeResult } from './results';
import { percentile, round } from './stats';

const count = (name: string, fallback: number) => {
  const n = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number`);
  return n;
};
const CHATS = count('BENCH_CHAT_STREAMS', 50);
const GENERATIONS = count('BENCH_GENERATIONS', 20);
const UPLOADS = count('BENCH_UPLOADS', 5);
const USERS = 10;
const LIMIT_MS = count('BENCH_LOAD_TIMEOUT_S', 900) * 1000;

/** Set on the server so that its per-person job cap never refuses the bench's queued drafts. */
const SERVER_ENV = { ATELIER_JOBS_PER_USER: String(GENERATIONS), ATELIER_OFFLINE_DELAY_MS: '8' };
/** Raised by the admin before the run so that no quota refuses it (the defaults are per hour). */
const ROOMY = { perUser: 100_000, perWorkspace: 100_000, windowMinutes: 60 };

const Settings = z.object({ quotas: z.record(z.string(), z.unknown()) });

const dist = (xs: number[]) => ({
  p50: round(percentile(xs, 50)),
  p95: round(percentile(xs, 95)),
  p99: round(percentile(xs, 99)),
  max: round(Math.max(...xs)),
  n: xs.length,
});
const mib = (kb: number | null) => (kb === null ? null : round(kb / 1024));

type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };
const settle = <T>(p: Promise<T>): Promise<Outcome<T>> =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (err) => ({ ok: false as const, error: (err as Error).message }),
  );
const oks = <T>(xs: Outcome<T>[]) => xs.flatMap((x) => (x.ok ? [x.value] : []));
const failures = (xs: Outcome<unknown>[]) => xs.flatMap((x) => (x.ok ? [] : [x.error]));

async function run(server: Server, left: () => number) {
  const rss = sampleRss(server.pid);
  const admin = await Client.signUp(server.base, 'bench-admin@example.com', left());
  if (!admin.isAdmin) throw new Error('the first sign-up did not become the admin');
  const roomy = { turns: ROOMY, generations: ROOMY, searches: ROOMY, uploads: ROOMY };
  const settings = await admin.request('settings', '/api/admin/settings', { timeoutMs: left() });
  const current = Settings.parse(await settings.json());
  await admin.request('quotas', '/api/admin/settings', {
    method: 'PUT',
    json: { quotas: { ...current.quotas, ...roomy } },
    timeoutMs: left(),
  });
  const metrics = async () => {
    const res = await admin.request('metrics', '/api/admin/metrics', { timeoutMs: left() });
    const m = Metrics.parse(await res.json());
    if (!m.eventLoopDelayMs) throw new Error('the server does not sample its event loop');
    return m;
  };
  const resetMetrics = () =>
    admin.request('reset metrics', '/api/admin/metrics', { method: 'DELETE', timeoutMs: left() });
  await metrics().catch((err) => {
    throw new Error(`${err.message}: is the build older than /api/admin/metrics? npm run build`);
  });

  const users: Array<{ client: Client; workspaceId: string }> = [];
  for (let i = 0; i < USERS; i++) {
    const client = await Client.signUp(server.base, `bench-${i}@example.com`, left());
    users.push({ client, workspaceId: await client.workspaceId(left()) });
  }
  const conversationOf = (i: number) =>
    users[i % USERS].client.newConversation(users[i % USERS].workspaceId, left());

  // Warm: the built-in model is built and loaded, Next's route bundles are read.
  await users[0].client.turn(await conversationOf(0), 'Suggest a tagline for our shop', {
    expectImage: false,
    timeoutMs: left(),
  });
  await users[0].client.turn(await conversationOf(0), 'draft a white circle on a grey background', {
    expectImage: true,
    timeoutMs: left(),
  });

  const files = await uploadFiles(server.dataDir);
  const chatConvs = await Promise.all(Array.from({ length: CHATS }, (_, i) => conversationOf(i)));
  const genConvs = await Promise.all(
    Array.from({ length: GENERATIONS }, (_, i) => conversationOf(i)),
  );
  const upConvs = await Promise.all(Array.from({ length: UPLOADS }, (_, i) => conversationOf(i)));
  const loadAtStart = round(os.loadavg()[0]);
  await resetMetrics();
  rss.restart();
  const t0 = performance.now();
  const timed = async <T>(work: () => Promise<T>) => {
    const s = performance.now();
    const value = await work();
    return { value, ms: performance.now() - s };
  };
  const [chats, generations, uploads] = await Promise.all([
    Promise.all(
      chatConvs.map((conv, i) =>
        settle(
          users[i % USERS].client
            .turn(conv, `Suggest a friendly tagline for our spring campaign, take ${i + 1}`, {
              expectImage: false,
              timeoutMs: left(),
            })
            .then((t) => {
              if (t.firstTextMs === null) throw new Error('chat stream had no text');
              return t;
            }),
        ),
      ),
    ),
    Promise.all(
      genConvs.map((conv, i) =>
        settle(
          users[i % USERS].client.turn(
            conv,
            `draft a red circle on a blue background, take ${i + 1}`,
            {
              expectImage: true,
              timeoutMs: left(),
            },
          ),
        ),
      ),
    ),
    Promise.all(
      upConvs.map((conv, i) => {
        const file = files[i % files.length];
        return settle(
          timed(() => users[i % USERS].client.upload(conv, file, left())).then((r) => ({
            name: file.name,
            source: file.source,
            bytes: file.bytes.byteLength,
            kind: r.value.kind,
            status: r.value.status,
            ms: round(r.ms),
          })),
        );
      }),
    ),
  ]);
  const loadWallMs = performance.now() - t0;
  const loadMetrics = await metrics();
  const loadPeakKb = rss.peakKb();
  const loadAtEnd = round(os.loadavg()[0]);

  await resetMetrics();
  rss.restart();
  const drafts = await settle(compareDrafts(users.slice(0, 8), left()));
  const draftMetrics = await metrics();
  const draftPeakKb = rss.peakKb();
  rss.stop();

  const chatOk = oks(chats);
  const genOk = oks(generations);
  const requestErrors = [...failures(chats), ...failures(generations), ...failures(uploads)];
  return {
    load: {
      wallMs: round(loadWallMs),
      loadAverage1m: { start: loadAtStart, end: loadAtEnd },
      chatStreams: {
        sent: CHATS,
        ok: chatOk.length,
        timeToFirstTokenMs: dist(chatOk.map((t) => t.firstTextMs!)),
        turnMs: dist(chatOk.map((t) => t.ms)),
      },
      generations: {
        sent: GENERATIONS,
        ok: genOk.length,
        profile: 'draft',
        queuedAfterMs: dist(genOk.map((t) => t.jobQueuedAt! - t.startedAt)),
        turnMs: dist(genOk.map((t) => t.ms)),
      },
      uploads: { sent: UPLOADS, ok: oks(uploads).length, files: oks(uploads) },
      eventLoopDelayMs: loadMetrics.eventLoopDelayMs,
      peakRssMiB: { serverProcessTree: mib(loadPeakKb) },
      requestErrors,
    },
    drafts: drafts.ok
      ? {
          ...drafts.value,
          eventLoopDelayMs: draftMetrics.eventLoopDelayMs,
          peakRssMiB: mib(draftPeakKb),
        }
      : { error: drafts.error },
    draftErrors: drafts.ok ? [] : [drafts.error],
  };
}

async function main() {
  const build = ensureBuild();
  const deadline = Date.now() + LIMIT_MS;
  const left = () => {
    const ms = deadline - Date.now();
    if (ms <= 0) throw new Error(`past BENCH_LOAD_TIMEOUT_S (${LIMIT_MS / 1000} s)`);
    return ms;
  };
  const server = await startServer(SERVER_ENV);
  const watchdog = setTimeout(() => {
    process.stderr.write('bench:load: out of time, stopping the server\n');
    void server.stop().finally(() => process.exit(1));
  }, LIMIT_MS + 60_000);
  let measured: Awaited<ReturnType<typeof run>>;
  let serverPeakKb: number | null;
  try {
    measured = await run(server, left);
    serverPeakKb = peakRssKb(server.pid);
  } catch (err) {
    process.stderr.write(`bench:load: server log tail:\n${server.log().slice(-4000)}\n`);
    throw err;
  } finally {
    await server.stop();
    clearTimeout(watchdog);
  }
  const internal = server.internalErrors();
  const errors = [...measured.load.requestErrors, ...measured.draftErrors, ...internal];
  const { requestErrors: _listed, ...load } = measured.load;
  const result = {
    benchmark: 'load',
    machine: machine(),
    server: {
      command: SERVE_COMMAND,
      build,
      database: 'pglite (fresh data root under the system temp folder)',
      bind: '127.0.0.1',
      env: SERVER_ENV,
      limits: `ATELIER_JOBS_PER_USER=${GENERATIONS} so the per-person job cap never refuses; the admin raised the turn, generation, search and upload quotas to ${ROOMY.perUser} per person and workspace per hour before the run`,
      users: USERS,
    },
    errors: errors.length,
    errorSamples: errors.slice(0, 10),
    serverInternalErrors: internal.length,
    peakRssMiB: { serverVmHWM: mib(serverPeakKb), ...load.peakRssMiB },
    load,
    drafts: measured.drafts,
  };
  writeResult('load', result);
  process.exit(errors.length ? 1 : 0);
}

runBench(main);
