import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildDir } from '../../lib/runtime/build-dir';
import { start, waitFor } from '../helpers/cli';
import { startFixtureSite } from '../helpers/search-site';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    dataDir: string;
    /** The fixture design-magazine site the server's crawl provider searches. */
    searchSite: string;
  }
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/**
 * Serves the production build (npm run build ran first) on a free loopback port with a fresh data
 * root. The fixture website starts first: the server may fetch it (loopback is allowed for it alone)
 * and its crawl provider starts from its sitemap.
 */
export default async function setup(project: TestProject) {
  const distDir = buildDir();
  if (!fs.existsSync(path.join(distDir, 'BUILD_ID')))
    throw new Error(
      `no production build in ${distDir}: run \`npm run build\` before the e2e suite`,
    );
  const site = await startFixtureSite({ pageDelayMs: 250 });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-e2e-'));
  const port = await freePort();
  const server = start('lib/cli/main.ts', ['serve'], {
    ATELIER_DATA_DIR: dataDir,
    PORT: String(port),
    ATELIER_OFFLINE_DELAY_MS: '30',
    ATELIER_FETCH_ALLOW: '127.0.0.1',
    ATELIER_CRAWL_SEEDS: site.url('/sitemap.xml'),
  });
  await waitFor(
    () => server.err().includes('serving') || server.exitCode !== null,
    120_000,
    'the server',
  );
  if (server.exitCode !== null) {
    await site.close();
    throw new Error(`server did not start: ${server.err()}`);
  }
  project.provide('baseURL', `http://localhost:${port}`);
  project.provide('dataDir', dataDir);
  project.provide('searchSite', site.origin);
  return async () => {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('close', r));
    await site.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
