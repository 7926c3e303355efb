import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { count } from 'drizzle-orm';
import next from 'next';
import { users } from '../../../db/schema';
import { liveTurns } from '../../assistant/live-turns';
import { initSetupToken } from '../../auth/setup-token';
import { readEnv } from '../../config/env';
import { acceptsHost } from '../../http/loopback-host';
import { CLIENT_IP_HEADER } from '../../http/session';
import '../../assistant/tools';
import '../../ingest/runner';
import { closeEngine } from '../../jobs/engine';
import { closeDatabase, getDatabase } from '../../runtime/database';
import { parse } from '../args';
import { CliError, log } from '../output';

export async function serveCommand(args: string[]): Promise<'keep-running'> {
  parse(args, {}, false);
  const env = readEnv();
  const dir = process.cwd();
  if (!fs.existsSync(path.join(dir, '.next', 'BUILD_ID')))
    throw new CliError(
      'usage',
      'no production build found; run `npm run build` first (or `npm start`)',
    );
  const database = await getDatabase();
  const [{ n }] = await database.db.select({ n: count() }).from(users);
  const setup = initSetupToken(env.host, n > 0);

  const app = next({ dev: false, dir, hostname: env.host, port: env.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => {
    if (!acceptsHost(env.host, req.headers.host)) {
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(
        `this server answers to localhost only (it listens on ${env.host}); set ATELIER_HOST to serve other names\n`,
      );
      return;
    }
    // Our own record of the peer, for rate limits and audit: a client-sent value is overwritten.
    req.headers[CLIENT_IP_HEADER] = req.socket.remoteAddress ?? 'unknown';
    void handle(req, res);
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
    `atelier: serving http://${shown === '127.0.0.1' ? 'localhost' : shown}:${env.port} (${database.kind} database, pid ${process.pid})`,
  );
  if (setup)
    log(
      `atelier: first sign-up needs this one-time setup token: ${setup}  (or open /signup?setup=${setup})`,
    );

  const shutdown = async (signal: string) => {
    log(`atelier: ${signal}, stopping`);
    server.close();
    for (const turn of liveTurns().values()) turn.abort.abort(new Error('server stopping'));
    await Promise.race([
      Promise.all([...liveTurns().values()].map((t) => t.done)),
      new Promise((r) => setTimeout(r, 5000)),
    ]);
    await closeDatabase();
    await closeEngine();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  return 'keep-running';
}
