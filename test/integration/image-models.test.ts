import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as imageModels from '@/app/api/image-models/route';
import type { Database } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { writeBuiltinModel } from '@/engine/models/builtin/build';
import { modelsCommand } from '@/lib/cli/commands/models';
import { tempDataDir } from '../helpers/data-dir';
import { type Client, call, signUpClient } from '../helpers/http';
import { freshDatabase } from '../helpers/test-db';

const dataDir = tempDataDir('models');
let database: Database;
let admin: Client;
let member: Client;

beforeAll(async () => {
  database = await freshDatabase();
  admin = await signUpClient('admin@example.com');
  member = await signUpClient('member@example.com');
});
afterAll(async () => {
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('image models over HTTP', () => {
  it('lists the built-in model to any signed-in person', async () => {
    const res = await call(imageModels.GET, { client: member });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.models[0]).toMatchObject({
      id: 'builtin',
      label: 'built-in model (synthetic shapes)',
      builtin: true,
    });
    expect((await call(imageModels.GET)).status).toBe(401);
  });

  it('only an admin adds a folder; a bad folder is a clear 400; the addition is audited', async () => {
    const folder = path.join(dataDir, 'shapes-v');
    await writeBuiltinModel(folder, { prediction: 'v_prediction' });
    expect((await call(imageModels.POST, { client: member, body: { path: folder } })).status).toBe(
      403,
    );
    const bad = await call(imageModels.POST, {
      client: admin,
      body: { path: path.join(dataDir, 'nope') },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/nope/);
    const ok = await call(imageModels.POST, { client: admin, body: { path: folder } });
    expect(ok.status).toBe(201);
    expect((await ok.json()).model.id).toBe('shapes-v');
    const ids = (await (await call(imageModels.GET, { client: member })).json()).models.map(
      (m: { id: string }) => m.id,
    );
    expect(ids).toEqual(['builtin', 'shapes-v']);
    expect((await database.db.select().from(auditEvents)).map((r) => r.action)).toContain(
      'model.added',
    );
  });

  it('server paths in the listing are shown to the admin only, in no message to others', async () => {
    const folder = path.join(dataDir, 'shapes-gone');
    await writeBuiltinModel(folder);
    expect((await call(imageModels.POST, { client: admin, body: { path: folder } })).status).toBe(
      201,
    );
    fs.rmSync(folder, { recursive: true });
    const listed = async (client: Client) =>
      (await call(imageModels.GET, { client })).json() as Promise<{
        models: Array<Record<string, unknown>>;
        problems: Array<Record<string, unknown>>;
      }>;

    const forMember = await listed(member);
    const problem = forMember.problems.find((p) => p.id === 'shapes-gone');
    expect(problem).toEqual({
      id: 'shapes-gone',
      message: expect.stringMatching(/^model "shapes-gone": folder \S+ does not exist$/),
    });
    const text = JSON.stringify(forMember);
    expect(text).not.toContain(dataDir);
    expect(text).not.toMatch(/"dir"|"path"/);
    expect(text).not.toMatch(/[\s"(]\/(tmp|srv|home|root|var|work)\b/);

    const forAdmin = await listed(admin);
    expect(forAdmin.problems.find((p) => p.id === 'shapes-gone')).toEqual({
      id: 'shapes-gone',
      dir: folder,
      message: `model "shapes-gone": folder ${folder} does not exist`,
    });
    expect(forAdmin.models.find((m) => m.id === 'shapes-v')).toMatchObject({
      path: fs.realpathSync(path.join(dataDir, 'shapes-v')),
    });
  });

  it("the CLI's models add is audited as the local operator", async () => {
    const folder = path.join(dataDir, 'Shapes CLI');
    await writeBuiltinModel(folder);
    let out = '';
    const stdout = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk) => ((out += String(chunk)), true));
    try {
      expect(await modelsCommand(['add', folder, '--json'])).toBe(0);
    } finally {
      stdout.mockRestore();
    }
    expect(JSON.parse(out).model).toMatchObject({ id: 'shapes-cli', path: folder });
    const events = await database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'model.added'), eq(auditEvents.subject, 'model:shapes-cli')),
      );
    expect(events).toEqual([
      expect.objectContaining({
        actor: 'operator:local',
        payload: { family: 'builtin', files: expect.any(Object) },
      }),
    ]);
  });
});
