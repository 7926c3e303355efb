// When the CUDA provider cannot load, the image still renders, on CPU, and the reason reaches the
// chat: the job's result, the generate_image tool's output as the conversation stores it, and the
// line the chat shows under the image.
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GeneratedImages } from '@/app/_components/generated-images';
import * as me from '@/app/api/auth/me/route';
import * as chat from '@/app/api/chat/route';
import * as conversation from '@/app/api/conversations/[id]/route';
import * as conversations from '@/app/api/conversations/route';
import type { Database } from '@/db/client';
import { generations } from '@/db/schema';
import '@/lib/assistant/tools';
import { closeEngine, startEngine } from '@/lib/jobs/engine';
import { runImageJob } from '@/lib/jobs/image-job';
import { CUDA_LOAD_ERROR } from '../helpers/cuda-failing-worker';
import { tempDataDir } from '../helpers/data-dir';
import { type Client, call, readUIStream, signUpClient } from '../helpers/http';
import { freshDatabase } from '../helpers/test-db';

const REASON = `cuda could not be used: ${CUDA_LOAD_ERROR}`;
const dataDir = tempDataDir('cuda');
const askedEp = process.env.ATELIER_EP;
let database: Database;
let alice: Client;
let workspaceId: string;

beforeAll(async () => {
  process.env.ATELIER_EP = 'cuda';
  startEngine({ entry: new URL('../helpers/cuda-failing-worker.ts', import.meta.url) });
  database = await freshDatabase();
  alice = await signUpClient('alice@example.com');
  workspaceId = (await (await call(me.GET, { client: alice })).json()).workspaces[0].id;
});
afterAll(async () => {
  if (askedEp === undefined) delete process.env.ATELIER_EP;
  else process.env.ATELIER_EP = askedEp;
  await closeEngine();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('a CUDA provider that cannot load', () => {
  it('renders the job on CPU and returns the reason', async () => {
    const result = await runImageJob(database.db, {
      workspaceId,
      conversationId: null,
      messageId: null,
      actor: `user:${alice.user.id}`,
      profile: 'draft',
      params: { prompt: 'a red circle on a blue background', seed: 5 },
    });
    expect(result.ep).toBe('cpu');
    expect(result.fallbackReason).toBe(REASON);
    const [row] = await database.db
      .select()
      .from(generations)
      .where(eq(generations.id, result.generationId));
    expect(row).toMatchObject({ status: 'complete', ep: 'cpu' });
    // The record keeps the provider used and why; a job outside a chat turn has no provenance.
    expect(row.record).toMatchObject({ ep: 'cpu', fallbackReason: REASON });
    expect(row.provenance).toEqual({ references: [], citations: [] });
  });

  it('shows the reason with the image in the chat, from the stored conversation', async () => {
    const id = (
      await (await call(conversations.POST, { client: alice, body: { workspaceId } })).json()
    ).conversation.id;
    const chunks = await readUIStream(
      await call(chat.POST, {
        client: alice,
        body: {
          conversationId: id,
          parentId: null,
          message: { text: 'a red circle on a blue background' },
          model: 'offline',
          profile: 'draft',
        },
      }),
    );
    const final = chunks.filter((c) => c.type === 'tool-output-available').at(-1)!.output;
    expect(final).toMatchObject({ status: 'complete', ep: 'cpu', fallbackReason: REASON });

    const view = await (await call(conversation.GET, { client: alice, params: { id } })).json();
    const part = view.messages[1].parts.find(
      (p: { type: string }) => p.type === 'tool-generate_image',
    );
    expect(part.output.fallbackReason).toBe(REASON);
    const html = renderToStaticMarkup(createElement(GeneratedImages, { part }));
    expect(html).toContain('data-testid="ep-fallback"');
    expect(html).toContain(`Ran on CPU: ${REASON}`);
  });
});
