import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The URL to start a worker thread on. Running from TypeScript sources, the worker registers tsx
 * itself before importing its entry (Node 20 does not hand a parent's --import loader hooks to
 * worker threads); a compiled entry is returned unchanged.
 *
 * `scoped`: tsx handles only the entry's own import graph, so a package the worker loads with
 * require() (and whatever that package imports) runs untransformed — much faster for large
 * libraries such as pdf.js.
 */
export function workerUrl(entry: URL, opts: { scoped?: boolean } = {}): URL {
  if (!entry.pathname.endsWith('.ts')) return entry;
  // tsx's "./esm/api" export for import, resolved from its package folder.
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = JSON.stringify(
    pathToFileURL(path.join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href,
  );
  const target = JSON.stringify(entry.href);
  const bootstrap = opts.scoped
    ? `import { register } from ${tsxApi};\nconst api = register({ namespace: 'atelier-worker' });\nawait api.import(${target}, import.meta.url);\n`
    : `import { register } from ${tsxApi};\nregister();\nawait import(${target});\n`;
  return new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`);
}
