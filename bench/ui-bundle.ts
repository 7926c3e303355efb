// The JavaScript a page ships: every script response while it loads, each body's size after
// gzip -6 (a figure that does not depend on how the server compresses), largest first.
import zlib from 'node:zlib';
import type { Page } from 'playwright-core';

export type ScriptBytes = {
  files: Array<{ url: string; gzipBytes: number }>;
  gzipBytes: number;
  rawBytes: number;
};

export async function scriptBytes(page: Page, url: string): Promise<ScriptBytes> {
  const seen: Array<Promise<{ url: string; body: Buffer }>> = [];
  const onResponse = (res: import('playwright-core').Response) => {
    if (res.request().resourceType() !== 'script') return;
    seen.push(res.body().then((body) => ({ url: new URL(res.url()).pathname, body })));
  };
  page.on('response', onResponse);
  await page.goto(url, { waitUntil: 'networkidle' });
  page.off('response', onResponse);
  const all = await Promise.all(seen);
  const files = all
    .map((s) => ({ url: s.url, gzipBytes: zlib.gzipSync(s.body, { level: 6 }).length }))
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
  return {
    files,
    gzipBytes: files.reduce((n, f) => n + f.gzipBytes, 0),
    rawBytes: all.reduce((n, s) => n + s.body.length, 0),
  };
}
