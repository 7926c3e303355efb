// The composer's Advanced settings on a chat message: checked before the turn starts, stored on the
// user message, and given to generate_image as settings that win over the profile and over the
// tool call a model writes.
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as me from '@/app/api/auth/me/route';
import * as chat from '@/app/api/chat/route';
import * as conversation from '@/app/api/conversations/[id]/route';
import * as conversations from '@/app/api/conversations/route';
import * as imageModels from '@/app/api/image-models/route';
import type { Database } from '@/db/client';
import { auditEvents, generations, messages } from '@/db/schema';
import { writeBuiltinModel } from '@/engine/models/builtin/build';
import '@/lib/assistant/tools';
import { registerModel } from '@/lib/assistant/model-registry';
import { verifyAuditChain } from '@/lib/audit/chain';
import { readEnv } from '@/lib/config/env';
import { closeEngine } from '@/lib/jobs/engine';
import { tempDataDir } from '../helpers/data-dir';
import { type Client, call, readUIStream, signUpClient } from '../helpers/http';
import { toolCallingModel } from '../helpers/models';
import { freshDatabase } from '../helpers/test-db';

const dataDir = tempDataDir('img-settings');
let database: Database;
let alice: Client;
let workspaceId: string;

type Done = {
  status: 'complete';
  generationId: string;
  model: { id: string };
  images: Array<{ sha256: string; seed: number; width: number; height: number }>;
  params: Record<string, unknown>;
  routing: { reasons: string[] };
};

beforeAll(async () => {
  database = await freshDatabase();
  alice = await signUpClient('alice@example.com');
  workspaceId = (await (await call(me.GET, { client: alice })).json()).workspaces[0].id;
  // A second installed model to pick by id (the built-in model's weights, v-prediction).
  await writeBuiltinModel(path.join(readEnv().modelsDir, 'shapes-v'), {
    prediction: 'v_prediction',
  });
});
afterAll(async () => {
  await closeEngine();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function newConversation(): Promise<string> {
  const res = await call(conversations.POST, { client: alice, body: { workspaceId } });
  return (await res.json()).conversation.id;
}

const send = (conversationId: string, body: Record<string, unknown>) =>
  call(chat.POST, {
    client: alice,
    body: {
      conversationId,
      parentId: null,
      message: { text: 'a red circle on a blue background' },
      model: 'offline',
      profile: 'draft',
      ...body,
    },
  });

/** The turn's finished generate_image output. */
async function rendered(res: Response): Promise<Done> {
  expect(res.status).toBe(200);
  const chunks = await readUIStream(res);
  const out = chunks.filter((c) => c.type === 'tool-output-available').at(-1)?.output as Done;
  expect(out?.status).toBe('complete');
  return out;
}

describe('image settings on a chat message', () => {
  it.each([
    [{ steps: 0 }, 'image.steps: steps must be from 1 to 150'],
    [{ steps: 2.5 }, 'image.steps: steps must be a whole number'],
    [{ width: 500 }, 'image.width: width must be a multiple of 8 pixels'],
    [{ height: 4096 }, 'image.height: height must be from 64 to 2048 pixels'],
    [{ guidance: 31 }, 'image.guidance: guidance must be from 0 to 30'],
    [{ seed: -1 }, 'image.seed: seed must be from 0 to 4294967295'],
    [{ seed: '7' }, 'image.seed: seed must be a number'],
    [{ sampler: 'euler' }, 'image: unknown image setting "sampler"'],
    [{ modelId: 'nope' }, 'image.modelId: unknown model "nope" (installed: builtin, shapes-v)'],
    [
      { width: 2048, height: 2048, steps: 150 },
      '1 image at 2048×2048 with 150 steps is 629 megapixel-steps (steps × pixels × images), more than the limit of 200 for one request',
    ],
  ])('refuses %j with a 400 that says why, before anything is recorded', async (image, message) => {
    const id = await newConversation();
    const res = await send(id, { image });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toContain(message);
    expect(
      await database.db.select().from(messages).where(eq(messages.conversationId, id)),
    ).toEqual([]);
  });

  it('stores the settings on the user message, audits them, and renders with them over the profile', async () => {
    const id = await newConversation();
    const image = {
      modelId: 'shapes-v',
      seed: 1234,
      steps: 5,
      width: 320,
      height: 256,
      guidance: 2.5,
    };
    const out = await rendered(await send(id, { image }));
    expect(out.model.id).toBe('shapes-v');
    expect(out.images).toMatchObject([{ seed: 1234, width: 320, height: 256 }]);
    expect(out.params).toMatchObject({
      steps: 5,
      guidance: 2.5,
      width: 320,
      height: 256,
      seed: 1234,
    });
    expect(out.routing.reasons).toEqual(
      expect.arrayContaining([
        'model "shapes-v": named on the request',
        '5 steps, asked for',
        'guidance 2.5, asked for',
        'base size 320×256, asked for',
      ]),
    );

    const [gen] = await database.db
      .select()
      .from(generations)
      .where(eq(generations.id, out.generationId));
    expect(gen).toMatchObject({ modelId: 'shapes-v', profile: 'draft', status: 'complete' });
    expect(gen.params).toMatchObject({
      seed: 1234,
      steps: 5,
      width: 320,
      height: 256,
      guidance: 2.5,
    });

    const view = await (await call(conversation.GET, { client: alice, params: { id } })).json();
    const [user, assistant] = view.messages;
    expect(user.imageSettings).toEqual(image);
    expect(assistant.imageSettings).toBeNull();
    const [created] = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subject, `message:${user.id}`));
    expect(created.payload).toMatchObject({ profile: 'draft', image });
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });

  it('a message with no settings stores none and renders what the listing shows as its defaults', async () => {
    const listing = await (await call(imageModels.GET, { client: alice })).json();
    const id = await newConversation();
    const out = await rendered(await send(id, { image: {} }));
    expect(out.model.id).toBe(listing.profileModels.draft.modelId);
    const model = listing.models.find((m: { id: string }) => m.id === out.model.id);
    const { steps, guidance, width, height, scheduler } = model.profiles.draft;
    expect(out.params).toMatchObject({ steps, guidance, width, height, scheduler });
    expect(out.routing.reasons.filter((r) => r.endsWith('asked for'))).toEqual([]);
    const [user] = await database.db.select().from(messages).where(eq(messages.conversationId, id));
    expect(user.imageSettings).toBeNull();
  });

  it("the person's settings win over those a model writes into its tool call", async () => {
    const off = registerModel('test-overrider', {
      label: 'overrider',
      create: () =>
        toolCallingModel('generate_image', {
          prompt: 'a yellow triangle',
          seed: 99,
          steps: 40,
          width: 640,
          height: 640,
          guidance: 9,
        }),
    });
    try {
      const id = await newConversation();
      const out = await rendered(
        await send(id, { model: 'test-overrider', image: { seed: 7, steps: 6, width: 256 } }),
      );
      // What the person set wins; what they left open is the model's to choose.
      expect(out.params).toMatchObject({ seed: 7, steps: 6, width: 256, height: 640, guidance: 9 });
      expect(out.images[0]).toMatchObject({ seed: 7, width: 256, height: 640 });
    } finally {
      off();
    }
  });

  it('a locked seed gives the same image twice', async () => {
    const image = { seed: 31337, steps: 4, width: 256, height: 256 };
    const first = await rendered(await send(await newConversation(), { image }));
    const second = await rendered(await send(await newConversation(), { image }));
    expect(second.generationId).not.toBe(first.generationId);
    expect(second.images[0].sha256).toBe(first.images[0].sha256);
    // …and without the lock, a new seed and new bytes.
    const free = await rendered(
      await send(await newConversation(), { image: { steps: 4, width: 256, height: 256 } }),
    );
    expect(free.images[0].sha256).not.toBe(first.images[0].sha256);
  });

  it("lists each model with every profile's defaults, the profile's own model and the limits", async () => {
    const body = await (await call(imageModels.GET, { client: alice })).json();
    const builtin = body.models.find((m: { id: string }) => m.id === 'builtin');
    // The built-in model's defaults (lib/profiles/profiles.json: Draft takes 0.4 × its 20 steps).
    expect(builtin.profiles.draft).toMatchObject({
      steps: 8,
      width: 512,
      height: 512,
      grid: false,
      enlarges: false,
    });
    expect(builtin.profiles.hd).toMatchObject({ steps: 30, enlarges: true, grid: false });
    expect(builtin.profiles.diagnostics.grid).toBe(true);
    // shapes-v, the one installed model beside the built-in one, serves both roles: every profile picks it.
    expect(body.profileModels).toEqual({
      draft: { role: 'draft', modelId: 'shapes-v' },
      hd: { role: 'hd', modelId: 'shapes-v' },
      diagnostics: { role: 'draft', modelId: 'shapes-v' },
    });
    expect(body.limits).toMatchObject({
      minSide: 64,
      maxWidth: 2048,
      maxSteps: 150,
      maxGuidance: 30,
    });
  });
});
