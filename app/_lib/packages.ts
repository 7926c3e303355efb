import type { GenerateImageOutput } from '@/lib/assistant/tools/generate-image';
import type { ImportResult } from '@/lib/packages/import-rows';
import type { ImportedFrom } from '@/lib/packages/imported';
import { ApiError, csrfHeaders, messageFromBody } from './api';
import type { MessageRow } from './types';

export type { ImportedFrom, ImportResult };
export type ReferencesMode = 'files' | 'hashes';

/** The images a conversation's messages show (every branch), as the package will hold them. */
export function imageCount(messages: MessageRow[]): number {
  let n = 0;
  for (const m of messages)
    for (const p of m.parts as Array<{ type: string; output?: GenerateImageOutput }>)
      if (p.type === 'tool-generate_image' && p.output?.status === 'complete')
        n += p.output.images.length;
  return n;
}

/** The key id as people compare it: its first 12 hex digits. */
export const shortKey = (keyId: string) => `${keyId.slice(0, 12)}…`;

/** `user:<id>` and `operator:local` as a line of the badge says them. */
export function actorLabel(actor: string): string {
  if (actor === 'operator:local') return 'the local operator';
  const user = /^user:([0-9a-f-]{8})/.exec(actor);
  return user ? `user ${user[1]}` : actor;
}

async function failure(res: Response): Promise<ApiError> {
  const text = await res.text();
  return new ApiError(res.status, 'http', messageFromBody(text, `Request failed (${res.status})`));
}

/** Downloads the package and hands it to the browser as a file; its name and size come back. */
export async function downloadPackage(
  conversationId: string,
  references: ReferencesMode,
  approvedOnly = false,
): Promise<{ filename: string; bytes: number; sha256: string }> {
  const res = await fetch(`/api/conversations/${encodeURIComponent(conversationId)}/export`, {
    method: 'POST',
    credentials: 'same-origin',
    cache: 'no-store',
    headers: { 'content-type': 'application/json', ...csrfHeaders() },
    body: JSON.stringify({ references, images: approvedOnly ? 'approved' : 'all' }),
  });
  if (!res.ok) throw await failure(res);
  const blob = await res.blob();
  const filename =
    /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ??
    'atelier-package.zip';
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { filename, bytes: blob.size, sha256: res.headers.get('x-atelier-package-sha256') ?? '' };
}

/** Sends a package file as the request body; the server verifies it before anything is stored. */
export async function importPackageFile(workspaceId: string, file: File): Promise<ImportResult> {
  const res = await fetch(`/api/workspaces/${encodeURIComponent(workspaceId)}/imports`, {
    method: 'POST',
    headers: { ...csrfHeaders(), 'content-type': 'application/zip', accept: 'application/json' },
    body: file,
    credentials: 'same-origin',
  });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as ImportResult;
}
