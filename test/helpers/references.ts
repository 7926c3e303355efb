import * as list from '@/app/api/references/route';
import type { Client } from './http';

const ORIGIN = 'http://localhost:3000';

export type UploadFile = { name: string; bytes: Uint8Array | string; type?: string };

/** POST /api/references as a browser would: multipart with a `file` field and the target's id. */
export async function upload(client: Client | undefined, file: UploadFile, fields: Record<string, string>): Promise<Response> {
  const form = new FormData();
  const bytes = typeof file.bytes === 'string' ? new TextEncoder().encode(file.bytes) : file.bytes;
  form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: file.type ?? 'application/octet-stream' }), file.name);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const headers: Record<string, string> = { host: 'localhost:3000' };
  if (client) {
    headers.cookie = client.cookie;
    headers['x-csrf-token'] = client.csrf;
    headers.origin = ORIGIN;
  }
  const req = new Request(`${ORIGIN}/api/references`, { method: 'POST', headers, body: form });
  return list.POST(req);
}

/** A small multi-page creative brief. */
export const BRIEF_PAGES = [
  ['Spring Launch 2025', 'Client: Verdant Grocers', 'Campaign overview and audience notes.'],
  ['Creative direction', 'Headline: Fresh Greens Daily', 'Requirements:', '- Use the brand green as the main colour', '- Logo must stay in the top left corner', '- Keep the copy readable at banner size'],
  ['Timeline', 'Drafts due in week 2; finals in week 4.'],
];

export const COPY_CSV = [
  'sku,headline,copy,price',
  ...Array.from({ length: 20 }, (_, i) => `SKU-${String(i + 1).padStart(3, '0')},Deal ${i + 1},"${i + 1 === 14 ? 'Crisp greens, delivered daily' : `Copy line ${i + 1}`}",${(i + 1) * 1.5}`),
].join('\n');
