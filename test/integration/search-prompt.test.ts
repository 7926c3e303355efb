// Search → prompt: a turn that asks to look something up runs search_web first, and the offline
// composer folds the findings into the image prompt with their citations; the generation names the
// citations and the part of the prompt each shaped, and the tool result shows it as "why".
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as me from '@/app/api/auth/me/route';
import * as chat from '@/app/api/chat/route';
import * as conversations from '@/app/api/conversations/route';
import type { Database } from '@/db/client';
import { generations, messages, searchRuns } from '@/db/schema';
import type { GenerateImageOutput } from '@/lib/assistant/tools/generate-image';
import '@/lib/assistant/tools';
import type { SearchWebResult } from '@/lib/assistant/tools/search-web';
import { closeEngine } from '@/lib/jobs/engine';
import { PromptProvenance } from '@/lib/jobs/provenance';
import { tempDataDir } from '../helpers/data-dir';
import { type Client, call, readUIStream, signUpClient } from '../helpers/http';
import { type FixtureSite, startFixtureSite } from '../helpers/search-site';
import { freshDatabase } from '../helpers/test-db';

const dataDir = tempDataDir('search-prompt');
let database: Database;
let site: FixtureSite;
let alice: Client;
let workspaceId: string;

type Done = Extract<GenerateImageOutput, { status: 'complete' }>;

beforeAll(async () => {
  database = await freshDatabase();
  site = await startFixtureSite();
  process.env.ATELIER_FETCH_ALLOW = '127.0.0.1';
  process.env.ATELIER_SEARCH_PROVIDERS = 'local,crawl';
  // The spring page is linked from no other page: the crawl starts there.
  process.env.ATELIER_CRAWL_SEEDS = site.url('/articles/spring-banners');
  alice = await signUpClient('alice@example.com');
  workspaceId = (await (await call(me.GET, { client: alice })).json()).workspaces[0].id;
});
afterAll(async () => {
  await closeEngine();
  await site.close();
  await database.close();
  for (const k of ['ATELIER_FETCH_ALLOW', 'ATELIER_SEARCH_PROVIDERS', 'ATELIER_CRAWL_SEEDS'])
    delete process.env[k];
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('search findings shape the composed prompt', () => {
  it('folds cited findings into the prompt and names the citations on the generation', async () => {
    const conversation = await call(conversations.POST, { client: alice, body: { workspaceId } });
    const conversationId = (await conversation.json()).conversation.id;
    const res = await call(chat.POST, {
      client: alice,
      body: {
        conversationId,
        parentId: null,
        message: { text: 'look up spring banner typography and make the banner' },
        model: 'offline',
        profile: 'draft',
      },
    });
    expect(res.status).toBe(200);
    const streamed = await readUIStream(res);
    const calls = streamed.filter((c) => c.type === 'tool-input-available');
    expect(calls.map((c) => c.toolName)).toEqual(['search_web', 'generate_image']);
    expect((calls[0].input as { query: string }).query).toBe('spring banner typography');
    const outputs = streamed.filter((c) => c.type === 'tool-output-available' && !c.preliminary);
    const search = outputs.find((c) => c.toolCallId === calls[0].toolCallId)
      ?.output as SearchWebResult;
    const image = outputs.find((c) => c.toolCallId === calls[1].toolCallId)?.output as Done;
    expect(image.status).toBe('complete');
    const prompt = (calls[1].input as { prompt: string }).prompt;

    // The search result carries its findings by facet, each with the citations behind it.
    const typography = search.findings!.filter((f) => f.facet === 'typography');
    expect(typography.length).toBeGreaterThan(0);

    // The prompt visibly uses a finding: a phrase of a cited passage, under "typography:".
    const folded = /typography: ([^,]+(?:, [^,"]+)*)/.exec(prompt)?.[1].split(', ') ?? [];
    expect(folded.length).toBeGreaterThan(0);
    const byN = new Map(search.citations.map((c) => [c.n, c]));
    const cited = (phrase: string) =>
      search.citations.filter((c) => c.passage.toLowerCase().includes(phrase));
    for (const phrase of folded) expect(cited(phrase).length).toBeGreaterThan(0);
    expect(prompt.startsWith('spring banner, ')).toBe(true);

    // The generation row names the citations, the run, and which part of the prompt each shaped.
    const [row] = await database.db
      .select()
      .from(generations)
      .where(eq(generations.id, image.generationId));
    const provenance = PromptProvenance.parse(row.provenance);
    const shaping = provenance.citations.filter((c) => c.shaped.length);
    expect(shaping.length).toBeGreaterThan(0);
    for (const c of shaping) {
      expect(c.runId).toBe(search.runId);
      expect(byN.get(c.n)?.chunkId).toBe(c.chunk.id);
      for (const s of c.shaped) {
        expect(s).toMatchObject({ inPrompt: true, inSource: true });
        expect(byN.get(c.n)!.passage.toLowerCase()).toContain(s.phrase);
      }
    }
    const typeCitations = shaping.filter((c) => c.shaped.some((s) => s.part === 'typography'));
    expect(typeCitations.map((c) => c.shaped.map((s) => s.phrase)).flat()).toEqual(
      expect.arrayContaining(folded),
    );
    expect(provenance.unresolved).toBeUndefined();
    const [run] = await database.db
      .select()
      .from(searchRuns)
      .where(eq(searchRuns.id, search.runId));
    expect(run.conversationId).toBe(conversationId);

    // "Why this prompt": each folded phrase with its citation, as the chat shows it.
    expect(image.why).toEqual(
      expect.arrayContaining(
        folded.map((phrase) =>
          expect.objectContaining({
            part: 'typography',
            phrase,
            search: expect.arrayContaining([{ runId: search.runId, n: expect.any(Number) }]),
          }),
        ),
      ),
    );

    // The answer shows the folded typography with its [n].
    const [assistant] = await database.db
      .select()
      .from(messages)
      .where(eq(messages.role, 'assistant'));
    const text = (assistant.parts as Array<{ type: string; text?: string }>)
      .filter((p) => p.type === 'text')
      .map((p) => p.text)
      .join('');
    expect(text).toMatch(/- \*\*Typography:\*\* [^\n]*\[\d+\]/);
    expect(text).toContain('composed from your request and the search findings');
  }, 180_000);
});
