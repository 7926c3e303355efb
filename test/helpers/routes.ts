import fs from 'node:fs';
import path from 'node:path';

/** Every method name Next.js routes a request to; a route file's export under any other name is not a handler. */
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type RouteHandler = {
  /** `METHOD /api/path/[param]`, as the route matrix's table names it. */
  key: string;
  method: HttpMethod;
  /** The URL path with Next's `[param]` segments left as they are. */
  path: string;
  /** The route file, relative to the repository root. */
  file: string;
  handler: (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
};

const ROOT = path.resolve(import.meta.dirname, '../..');
const ROUTE_FILE = /^route\.(ts|tsx|js|mjs)$/;

/** The route files under `app/api`, found on disk now (not from a list someone keeps). */
export function routeFiles(dir = path.join(ROOT, 'app/api')): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((rel) => ROUTE_FILE.test(path.basename(rel)))
    .map((rel) => path.relative(ROOT, path.join(dir, rel)).split(path.sep).join('/'))
    .sort();
}

/** `app/api/(group)/x/[id]/route.ts` → `/api/x/[id]` (route groups are not part of the URL). */
export function urlPathOf(file: string): string {
  const segments = path.posix
    .dirname(file)
    .split('/')
    .slice(1)
    .filter((s) => !/^\(.*\)$/.test(s));
  return `/${segments.join('/')}`;
}

/** Imports every route file and lists the HTTP method handlers it exports. */
export async function discoverRoutes(): Promise<{ files: string[]; handlers: RouteHandler[] }> {
  const files = routeFiles();
  const handlers: RouteHandler[] = [];
  for (const file of files) {
    const mod: Record<string, unknown> = await import(path.join(ROOT, file));
    const routePath = urlPathOf(file);
    for (const method of HTTP_METHODS) {
      const handler = mod[method];
      if (typeof handler !== 'function') continue;
      handlers.push({
        key: `${method} ${routePath}`,
        method,
        path: routePath,
        file,
        handler: handler as RouteHandler['handler'],
      });
    }
  }
  return { files, handlers };
}

/** `/api/x/[id]` with `{id: 'abc'}` → `/api/x/abc`; a parameter left unfilled is an error. */
export function fillPath(routePath: string, params: Record<string, string>): string {
  return routePath.replace(/\[([^\]]+)\]/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${routePath}: no value for [${name}]`);
    return encodeURIComponent(value);
  });
}
