import * as list from '@/app/api/references/route';
import type { Client } from './http';

const ORIGIN = 'http://localhost:3000';

export type UploadFile = { name: string; bytes: Uint8Array | string; type?: string };

/** POST /api/references as a browser would: multipart with a `file` field and the target's id. */
export async function upload(
  client: Client | undefined,
  file: UploadFile,
  fields: Record<string, string>,
): Promise<Response> {
  const form = new FormData();
  const bytes = typeof file.bytes === 'string' ? new TextEncoder().encode(file.bytes) : file.bytes;
  // The target first: the server checks the role before it reads the file.
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append(
    'file',
    new Blob([bytes as Uint8Array<ArrayBuffer>], { type: file.type ?? 'application/octet-stream' }),
    file.name,
  );
  const headers: Record<string, string> = { host: 'localhost:3000' };
  if (client) {
    headers.cookie = client.cookie;
    headers['x-csrf-token'] = client.csrf;
    headers.origin = ORIGIN;
  }
  const req = new Request(`${ORIGIN}/api/references`, { method: 'POST', headers, body: form });
  return list.POST(req);
}

export { BRIEF_PAGES, COPY_CSV, moodboardPng } from './reference-files';
