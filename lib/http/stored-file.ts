import fs from 'node:fs';
import { Readable } from 'node:stream';

/**
 * A stored file for members: never sniffed (nosniff), never run as a page (sandboxing CSP), cached
 * privately for good because what an id names never changes (content-addressed).
 */
export function storedFileResponse(
  path: string,
  file: { mime: string; bytes: number; disposition?: string },
): Response {
  const headers: Record<string, string> = {
    'content-type': file.mime,
    'content-length': String(file.bytes),
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'cache-control': 'private, max-age=31536000, immutable',
  };
  if (file.disposition) headers['content-disposition'] = file.disposition;
  return new Response(Readable.toWeb(fs.createReadStream(path)) as ReadableStream<Uint8Array>, {
    headers,
  });
}
