import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { count } from 'drizzle-orm';
import next from 'next';
import { users } from '../../../db/schema';
import { liveTurns } from '../../assistant/live-turns';
import { SYSTEM } from '../../audit/actors';
import { checkpointIfDue, startCheckpoints } from '../../audit/checkpoint-schedule';
import { loadSigningKey } from '../../audit/signing-key';
import { initSetupToken } from '../../auth/setup-token';
import { readEnv } from '../../config/env';
import { logInternal } from '../../errors';
import { acceptsHost } from '../../http/loopback-host';
import { CLIENT_IP_HEADER } from '../../http/session';
import '../../assistant/tools';
import '../../ingest/runner';
import { closeEngine } from '../../jobs/engine';
import { jobSystem, stopJobs } from '../../jobs/system';
import { buildDir } from '../../runtime/build-dir';
import { closeDatabase, getDatabase } from '../../runtime/database';
import { startLoopDelayMonitor } from '../../runtime/metrics';
import { sweepOrphanBlobs } from '../../storage/orphan-sweep';
import { parse } from '../args';
import { CliError, log } from '../output';

/**
 * What every request passes before Next sees it, served for production or under `npm run dev`:
 * on a loopback bind only loopback Host names are answered (DNS rebinding), and the client address
 * used for rate limits and audit is ours, from the socket, overwriting anything a client sent.
 */
function admit(bindHost: string, req: http.IncomingMessage): boolean {
  if (!acceptsHost(bindHost, req.headers.host)) return false;
  req.headers[CLIENT_IP_HEADER] = req.socket.remoteAddress ?? 'unknown';
  return true;
}

const misdirected = (host: string) =>
  `this server answers to localhost only (it listens on ${host}); set ATELIER_HOST to serve other names\n`;

/**
 * The one server entry: `serve` for the production build, `serve --dev` (what `npm run dev` runs)
 * for Next's development server in this same process, so both register the tools and parse workers
 * above and answer through `admit`.
 */
export async function serveCommand(args: string[]): Promise<'keep-running'> {
  const { values } = parse(args, { dev: { type: 'boolean' } }, false);
  const dev = values.dev === true;
  // As `next dev` does, before Next loads React.
  if (dev) Object.assign(process.env, { NODE_ENV: 'development' });
  const env = readEnv();
  const dir = process.cwd();
  const distDir = buildDir();
  if (!dev && !fs.existsSync(path.join(dir, distDir, 'BUILD_ID')))
    throw new CliError(
      'usage',
      'no production build found; run `npm run build` first (or `npm start`, or `npm run dev`)',
    );
  // Read by admins at /api/admin/metrics (`npm run bench:load` does, under load).
  startLoopDelayMonitor();
  const database = await getDatabase();
  // What a crash left in the blob store: bytes whose row never committed, or outlived it.
  await sweepOrphanBlobs(database.db).then(
    (n) =>
      n.files + n.derived > 0 &&
      log(
        `atelier: removed ${n.files} stored files and ${n.derived} drawn-image folders no row names`,
      ),
    (err) => logInternal(err, 'blob store sweep'),
  );
  // Jobs queued again by the start-up sweep render without waiting for the next request.
  await jobSystem();
  // After the sweeps getDatabase ran have committed; from then on as the policy says.
  const key = loadSigningKey(env.stateDir);
  const checkpoints = startCheckpoints(database.db, key);
  const [{ n }] = await database.db.select({ n: count() }).from(users);
  const setup = initSetupToken(env.host, n > 0);

  // Next attaches its upgrade listener (hot reloading, under --dev) to this emitter instead of the
  // server, so an upgrade passes `admit` like any request.
  const upgrades = new EventEmitter();
  const app = next({
    dev,
    dir,
    hostname: env.host,
    port: env.port,
    httpServer: upgrades as http.Server,
  });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => {
    if (!admit(env.host, req)) {
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(misdirected(env.host));
      return;
    }
    void handle(req, res);
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!admit(env.host, req)) {
      const body = misdirected(env.host);
      socket.end(
        `HTTP/1.1 421 Misdirected Request\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
      return;
    }
    if (!upgrades.emit('upgrade', req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new CliError(
          'conflict',
          err.code === 'EADDRINUSE' ? `port ${env.port} is in use on ${env.host}` : err.message,
        ),
      ),
    );
    server.listen(env.port, env.host, resolve);
  });
  const shown = env.host.includes(':') ? `[${env.host}]` : env.host;
  log(
    `atelier: serving http://${shown === '127.0.0.1' ? 'localhost' : shown}:${env.port} (${dev ? 'development, ' : ''}${database.kind} database, pid ${process.pid})`,
  );
  if (setup)
    log(
      `atelier: first sign-up needs this one-time setup token: ${setup}  (or open /signup?setup=${setup})`,
    );

  const shutdown = async (signal: string) => {
    log(`atelier: ${signal}, stopping`);
    server.close();
    for (const turn of liveTurns().values()) turn.stop(SYSTEM, 'server stopping');
    await Promise.race([
      Promise.all([...liveTurns().values()].map((t) => t.done)),
      new Promise((r) => setTimeout(r, 5000)),
    ]);
    await stopJobs();
    await checkpoints.stop();
    // A clean stop signs whatever followed the last checkpoint.
    await checkpointIfDue(database.db, key, { everyEvents: 1, everyMs: 0 }).catch((err) =>
      logInternal(err, 'audit checkpoint'),
    );
    // Under --dev this stops the bundler, which writes its cache to disk (the next start is warm).
    await Promise.race([app.close(), new Promise((r) => setTimeout(r, 10_000))]);
    await closeDatabase();
    await closeEngine();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  return 'keep-running';
}
