// Added latency to first token: POST /api/chat (in-process handler, and over HTTP through the real
// Next server) versus the model's own stream, for a model with a fixed delay before its first token.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import next from 'next';
import * as me from '../app/api/auth/me/route';
import * as chat from '../app/api/chat/route';
import * as conversations from '../app/api/conversations/route';
import { wrapPglite } from '../db/client';
import { applyMigrations } from '../db/migrate';
import { registerModel } from '../lib/assistant/model-registry';
import { useDatabase } from '../lib/runtime/database';
import { machine } from '../lib/util/machine';
import { call, signUpClient } from '../test/helpers/http';
import { scriptedModel } from '../test/helpers/models';
import { round, summary } from './stats';

const DELAY_MS = 20;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 60);
const WORDS = Array.from({ length: 20 }, (_, i) => `w${i} `);

/** Reads to the end; returns when (performance.now()) the first text delta arrived. */
async function firstDeltaAt(body: ReadableStream<Uint8Array>): Promise<number> {
  const reader = body.getReader();
  const dec = new TextDecoder();
  let seen = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error('stream ended before a text delta');
    seen += dec.decode(value, { stream: true });
    if (seen.includes('"type":"text-delta"')) break;
  }
  const at = performance.now();
  while (!(await reader.read()).done);
  return at;
}

async function modelAlone(): Promise<number> {
  const t0 = performance.now();
  const { stream } = await scriptedModel(WORDS, DELAY_MS).doStream({ prompt: [] });
  const reader = stream.getReader();
  for (;;) {
    const { value } = await reader.read();
    if (value?.type === 'text-delta') break;
  }
  const t = performance.now() - t0;
  await reader.cancel();
  return t;
}

async function main() {
  const pg = await PGlite.create();
  const database = wrapPglite(pg);
  await applyMigrations(database);
  useDatabase(database);
  registerModel('bench-fixed-delay', {
    label: 'fixed delay',
    create: () => scriptedModel(WORDS, DELAY_MS),
  });
  const client = await signUpClient('bench@example.com');
  const ws = (await (await call(me.GET, { client })).json()).workspaces[0].id;
  const conv = (
    await (await call(conversations.POST, { client, body: { workspaceId: ws } })).json()
  ).conversation.id;
  const body = {
    conversationId: conv,
    parentId: null,
    message: { text: 'hello' },
    model: 'bench-fixed-delay',
    profile: 'draft',
  };

  const viaHandler = async () => {
    const t0 = performance.now();
    const res = await call(chat.POST, { client, body });
    return (await firstDeltaAt(res.body!)) - t0;
  };

  let viaHttp: (() => Promise<number>) | null = null;
  let server: http.Server | null = null;
  if (process.env.BENCH_HTTP !== '0' && fs.existsSync(path.join('.next', 'BUILD_ID'))) {
    const app = next({ dev: false, dir: process.cwd() });
    await app.prepare();
    const handle = app.getRequestHandler();
    server = http.createServer((req, res) => void handle(req, res));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    viaHttp = async () => {
      const t0 = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}/api/chat`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: client.cookie,
          'x-csrf-token': client.csrf,
          origin: `http://127.0.0.1:${port}`,
        },
        body: JSON.stringify(body),
      });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
      return (await firstDeltaAt(res.body!)) - t0;
    };
  }

  const samples = { model: [] as number[], handler: [] as number[], http: [] as number[] };
  for (let i = 0; i < 5; i++) await viaHandler();
  for (let i = 0; i < ITERATIONS; i++) {
    samples.model.push(await modelAlone());
    samples.handler.push(await viaHandler());
    if (viaHttp) samples.http.push(await viaHttp());
  }
  const m = summary(samples.model);
  const added = (xs: number[]) => {
    const s = summary(xs);
    return { ...s, addedP50: round(s.p50 - m.p50), addedP95: round(s.p95 - m.p95) };
  };
  const result = {
    benchmark: 'chat-latency-to-first-token',
    machine: machine(),
    database: 'PGlite (in memory)',
    modelFirstTokenDelayMs: DELAY_MS,
    iterationsInterleaved: ITERATIONS,
    unit: 'ms',
    modelAlone: m,
    apiChatInProcess: added(samples.handler),
    apiChatOverHttp: viaHttp
      ? added(samples.http)
      : 'skipped: no production build (run npm run build)',
    goal: 'added p50 ≤ 10 ms',
  };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/chat-latency.json', `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  server?.close();
  await database.close();
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`error: bench: ${(err as Error).message}\n`);
  process.exit(1);
});
