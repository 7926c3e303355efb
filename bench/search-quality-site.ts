// The Cargo Book as the Rust toolchain installs it, served on 127.0.0.1 with a sitemap made from
// its files, so the crawl provider reads a real documentation site the way it reads any other.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Navigation artefacts: the whole book on one page, and the table of contents frame. */
const LEFT_OUT = new Set(['print.html', 'toc.html']);

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** The first toolchain whose documentation holds the Cargo Book, or null. */
export function findCargoBook(): string | null {
  const home = process.env.RUSTUP_HOME ?? path.join(os.homedir(), '.rustup');
  const toolchains = path.join(home, 'toolchains');
  if (!fs.existsSync(toolchains)) return null;
  // Stable first, so the facts the questions name match the book most machines have.
  const names = fs.readdirSync(toolchains).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  for (const name of names) {
    for (const rel of ['share/doc/rust/html/cargo', 'share/doc/cargo/html']) {
      const dir = path.join(toolchains, name, rel);
      if (fs.existsSync(path.join(dir, 'index.html'))) return dir;
    }
  }
  return null;
}

const rank = (toolchain: string) => (toolchain.startsWith('stable') ? 0 : 1);

/** The book's pages, as URL paths, in a stable order. */
export function bookPages(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.html')) {
        const rel = path.relative(root, full).split(path.sep).join('/');
        if (!LEFT_OUT.has(rel)) out.push(`/${rel}`);
      }
    }
  };
  walk(root);
  return out.sort();
}

export type BookSite = { origin: string; pages: string[]; close: () => Promise<void> };

export async function serveBook(root: string): Promise<BookSite> {
  const pages = bookPages(root);
  let origin = '';
  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (urlPath === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end(`User-agent: *\nAllow: /\n\nSitemap: ${origin}/sitemap.xml\n`);
    }
    if (urlPath === '/sitemap.xml') {
      res.writeHead(200, { 'content-type': 'application/xml' });
      return res.end(
        `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${pages
          .map((p) => `<url><loc>${origin}${p}</loc></url>`)
          .join('\n')}\n</urlset>\n`,
      );
    }
    const file = path.join(root, urlPath === '/' ? 'index.html' : urlPath);
    const inside = path.relative(root, file);
    if (inside.startsWith('..') || path.isAbsolute(inside) || !fs.existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    const body = fs.readFileSync(file);
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': body.length,
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    pages,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
