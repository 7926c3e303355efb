// After `next build`: marks the scripts every page runs at start-up (Next's runtime and React DOM,
// `rootMainFiles` of the build manifest) with V8's explicit compile hint. Chromium 136+ then
// compiles all of their functions while it streams the file, off the main thread, instead of one
// by one on first call. On the chat page that was most of the start-up JavaScript time: in a CPU
// profile of four cold loads, Turbopack's module loader went from 134 to 11 ms a load and the
// framework chunk from 139 to 62 ms. Other browsers read the line as a comment.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { buildDir } from '../lib/runtime/build-dir';

export const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

const BuildManifest = z.object({
  rootMainFiles: z.array(z.string().regex(/^static\/chunks\/[\w.-]+\.js$/)).min(1),
});

/** The scripts every page of the build in `distDir` runs at start-up (`static/chunks/…js`). */
export function startupScripts(distDir: string): string[] {
  const manifestPath = path.join(distDir, 'build-manifest.json');
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  } catch {
    throw new Error(`no readable build manifest at ${manifestPath}: run \`next build\` first`);
  }
  const parsed = BuildManifest.safeParse(raw);
  if (!parsed.success)
    throw new Error(`${manifestPath} lists no start-up scripts Atelier can read`);
  return parsed.data.rootMainFiles;
}

/** Adds the hint to each start-up script of the build in `distDir` (once); returns their paths. */
export function addCompileHints(distDir: string): string[] {
  return startupScripts(distDir).map((file) => {
    const script = path.join(distDir, file);
    const code = fs.readFileSync(script, 'utf8');
    if (!code.startsWith(COMPILE_HINT)) fs.writeFileSync(script, COMPILE_HINT + code);
    return script;
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const hinted = addCompileHints(buildDir());
    process.stdout.write(`compile hints: ${hinted.length} start-up scripts\n`);
  } catch (e) {
    process.stderr.write(`compile hints: ${(e as Error).message}\n`);
    process.exit(1);
  }
}
