// Publish packages through the routes: a conversation with branches, an image on each and a CSV
// reference; its export as the download route gives it; an import as a browser sends it.
import fs from 'node:fs';
import path from 'node:path';
import { count } from 'drizzle-orm';
import { expect } from 'vitest';
import * as me from '@/app/api/auth/me/route';
import * as exportRoute from '@/app/api/conversations/[id]/export/route';
import * as conversationsRoute from '@/app/api/conversations/route';
import * as imports from '@/app/api/workspaces/[id]/imports/route';
import type { Db } from '@/db/client';
import {
  artifacts,
  auditEvents,
  chunks,
  conversations,
  generations,
  messages,
  passageDrafts,
  references,
} from '@/db/schema';
import { type Client, call, readUIStream } from './http';
import { COPY_CSV, upload } from './references';
import { postTurn } from './turns';

const ORIGIN = 'http://localhost:3000';

export const personalWorkspace = async (client: Client): Promise<string> =>
  (await (await call(me.GET, { client })).json()).workspaces[0].id;

export const FOLLOW_UP_SETTINGS = { seed: 7, steps: 6 };

async function drawTurn(
  client: Client,
  conversationId: string,
  parentId: string | null,
  text: string,
  image?: Record<string, number>,
) {
  const res = await postTurn(client, conversationId, parentId, text, { image });
  if (res.status !== 200) throw new Error(`turn failed: ${res.status} ${await res.text()}`);
  const done = (await readUIStream(res)).some(
    (c) =>
      c.type === 'tool-output-available' && (c.output as { status?: string }).status === 'complete',
  );
  if (!done) throw new Error(`the turn "${text}" rendered no image`);
  return res.headers.get('x-atelier-assistant-message-id')!;
}

/**
 * Two branches from the first message (an edit), an image on each, a follow-up with the composer's
 * Advanced settings (`FOLLOW_UP_SETTINGS`), a CSV reference.
 */
export async function branchedConversation(client: Client, workspaceId: string) {
  const id = (await (await call(conversationsRoute.POST, { client, body: { workspaceId } })).json())
    .conversation.id as string;
  const up = await upload(client, { name: 'copy.csv', bytes: COPY_CSV }, { conversationId: id });
  if (up.status !== 201) throw new Error(`upload failed: ${up.status} ${await up.text()}`);
  const first = await drawTurn(client, id, null, 'a red circle on a blue background');
  await drawTurn(client, id, null, 'a green square on a white background');
  await drawTurn(
    client,
    id,
    first,
    'a small yellow circle on a blue background',
    FOLLOW_UP_SETTINGS,
  );
  return id;
}

export async function exportPackage(
  client: Client,
  conversationId: string,
  references: 'files' | 'hashes' | string = 'files',
): Promise<Response> {
  return call(exportRoute.POST, {
    client,
    path: `/api/conversations/${conversationId}/export`,
    params: { id: conversationId },
    body: { references },
  });
}

/** POST /api/workspaces/:id/imports: the package as the body (as the browser's Import sends it) or a form. */
export async function importPackageBody(
  client: Client,
  workspaceId: string,
  body: Uint8Array | FormData,
  type = 'application/zip',
): Promise<Response> {
  const headers: Record<string, string> = {
    host: 'localhost:3000',
    origin: ORIGIN,
    cookie: client.cookie,
    'x-csrf-token': client.csrf,
  };
  // A form sets its own multipart type (with the boundary).
  if (!(body instanceof FormData)) headers['content-type'] = type;
  const req = new Request(`${ORIGIN}/api/workspaces/${workspaceId}/imports`, {
    method: 'POST',
    headers,
    body: body as Uint8Array<ArrayBuffer> | FormData,
  });
  return imports.POST(req, { params: Promise.resolve({ id: workspaceId }) });
}

const TABLES = {
  conversations,
  messages,
  generations,
  artifacts,
  references,
  chunks,
  passageDrafts,
  auditEvents,
};

/** Row counts of what an import writes, and every file under uploads/ (staging included). */
export async function storedState(db: Db, dataDir: string) {
  const rows: Record<string, number> = {};
  for (const [name, table] of Object.entries(TABLES))
    rows[name] = (await db.select({ n: count() }).from(table))[0].n;
  const uploads = path.join(dataDir, 'uploads');
  const files = fs.existsSync(uploads)
    ? fs
        .readdirSync(uploads, { recursive: true, encoding: 'utf8' })
        .filter((f) => fs.statSync(path.join(uploads, f)).isFile())
        .sort()
    : [];
  return { rows, files };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Walks two JSON values side by side: equal but for uuids, each old one always the same new one. */
export function alignIds(a: unknown, b: unknown, map: Map<string, string>, at = '$'): void {
  if (typeof a === 'string' && typeof b === 'string') {
    expect(b.replace(UUID, '<id>'), at).toBe(a.replace(UUID, '<id>'));
    const olds = a.match(UUID) ?? [];
    const news = b.match(UUID) ?? [];
    for (const [i, old] of olds.entries()) {
      expect(news[i], `${at}: ${old} kept its id`).not.toBe(old);
      if (map.has(old)) expect(news[i], `${at}: ${old} mapped twice`).toBe(map.get(old));
      map.set(old, news[i]);
    }
    return;
  }
  if (Array.isArray(a)) {
    expect(Array.isArray(b) && b.length, at).toBe(a.length);
    a.forEach((x, i) => alignIds(x, (b as unknown[])[i], map, `${at}[${i}]`));
    return;
  }
  if (a && typeof a === 'object') {
    const bo = b as Record<string, unknown>;
    expect(Object.keys(bo).sort(), at).toEqual(Object.keys(a).sort());
    for (const [k, x] of Object.entries(a)) alignIds(x, bo[k], map, `${at}.${k}`);
    return;
  }
  expect(b, at).toEqual(a);
}
