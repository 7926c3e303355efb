import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as me from '@/app/api/auth/me/route';
import * as chat from '@/app/api/chat/route';
import * as conversations from '@/app/api/conversations/route';
import type { Database } from '@/db/client';
import {
  auditEvents,
  chunks,
  messages,
  searchCitations,
  searchLearnings,
  searchQueries,
  searchRuns,
  workspaces,
} from '@/db/schema';
import '@/lib/assistant/tools';
import {
  isSearchProgress,
  type SearchWebOutput,
  type SearchWebProgress,
  type SearchWebResult,
  searchForModel,
  searchWebTool,
} from '@/lib/assistant/tools/search-web';
import { TurnSources } from '@/lib/assistant/tools/turn-sources';
import { LOCAL_OPERATOR } from '@/lib/audit/actors';
import { verifyAuditChain } from '@/lib/audit/chain';
import { createConversation } from '@/lib/conversations/service';
import { passageTexts } from '@/lib/search/answer';
import { citationUses, validateCitations } from '@/lib/search/citations';
import { fetcherFor, readSearchConfig } from '@/lib/search/config';
import type { DeepProgress } from '@/lib/search/deep';
import { runSearch, type SearchDeps } from '@/lib/search/service';
import type { SearchOutcome } from '@/lib/search/store/outcome';
import { replaySearchRun } from '@/lib/search/store/replay';
import { OPERATOR, operatorWorkspaceId } from '@/lib/workspaces/operator';
import { call, readUIStream, signUpClient } from '../helpers/http';
import { type FixtureSite, startFixtureSite } from '../helpers/search-site';
import { freshDatabase } from '../helpers/test-db';

let database: Database;
let site: FixtureSite;
let ws: string;
let deps: SearchDeps;
let deep: SearchOutcome;
const progress: DeepProgress[] = [];

beforeAll(async () => {
  database = await freshDatabase();
  site = await startFixtureSite();
  process.env.ATELIER_FETCH_ALLOW = '127.0.0.1';
  process.env.ATELIER_CRAWL_SEEDS = site.url('/sitemap.xml');
  process.env.ATELIER_SEARCH_PROVIDERS = 'local,crawl';
  const config = readSearchConfig();
  deps = { config, fetcher: fetcherFor(config.fetch) };
  ws = await operatorWorkspaceId(database.db);
  deep = await runSearch(
    database.db,
    OPERATOR,
    ws,
    {
      query: 'Swiss poster design',
      deep: true,
      breadth: 3,
      depth: 2,
      onProgress: (p) => progress.push(p),
    },
    deps,
  );
}, 120_000);
afterAll(async () => {
  await site.close();
  await database.close();
});

describe('a deep search over the fixture site', () => {
  it('answers with style references, subject facts and typography conventions', () => {
    expect(deep.status).toBe('complete');
    expect(deep.answer).toMatch(/^Findings for "Swiss poster design" from \d+ sources:/);
    for (const title of ['**Style references**', '**Subject facts**', '**Typography conventions**'])
      expect(deep.answer).toContain(title);
    expect(deep.sources.map((s) => s.finalUrl)).toContain(site.url('/articles/swiss-style'));
    for (const s of deep.sources) {
      expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(Date.parse(s.fetchedAt!)).toBeGreaterThan(0);
    }
  });

  it('every [n] in the answer maps to a stored passage that carries the claim', async () => {
    const uses = citationUses(deep.answer);
    expect(uses.length).toBeGreaterThanOrEqual(5);
    const byN = new Map(deep.citations.map((c) => [c.n, c]));
    for (const u of uses) expect(byN.has(u.n)).toBe(true);
    expect(deep.citations.every((c) => c.status === 'valid')).toBe(true);
    const stored = await passageTexts(
      database.db,
      deep.citations.map((c) => ({
        chunkId: c.chunkId,
        sourceKind: c.sourceKind,
        sourceId: c.sourceId,
        start: c.start,
        end: c.end,
      })),
    );
    expect(stored).toEqual(deep.citations.map((c) => c.passage));
    const recheck = validateCitations(
      deep.answer,
      new Map(deep.citations.map((c) => [c.n, c.passage])),
    );
    expect(recheck.answer).toBe(deep.answer);
    expect(recheck.checks.every((c) => c.status === 'valid')).toBe(true);
    const [swissChunk] = await database.db
      .select()
      .from(chunks)
      .where(eq(chunks.id, deep.citations[0].chunkId));
    expect(
      swissChunk.text.slice(
        deep.citations[0].start - swissChunk.charStart,
        deep.citations[0].end - swissChunk.charStart,
      ),
    ).toBe(deep.citations[0].passage);
  });

  it('ran breadth then depth, crawled within robots.txt and the site, and reported progress', () => {
    expect(deep.queries.filter((q) => q.depth === 1).map((q) => q.query)).toEqual([
      'Swiss poster design',
      'Swiss poster design visual style',
      'Swiss poster design typography',
    ]);
    expect(deep.queries.some((q) => q.depth === 2)).toBe(true);
    expect(site.hits('/robots.txt')).toBe(1);
    expect(site.requests.filter((r) => r.path.startsWith('/private/'))).toEqual([]);
    expect(site.hits('/images/cover.jpg')).toBe(0);
    const last = progress.at(-1)!.totals;
    expect(last).toMatchObject({
      queries: deep.queries.length,
      completed: deep.queries.length,
      failed: 0,
      depth: 2,
    });
    expect(last.pagesRead).toBeGreaterThanOrEqual(deep.sources.length);
    expect(progress.filter((p) => p.event.type === 'learning').length).toBeGreaterThanOrEqual(
      deep.learnings.length,
    );
  });

  it('records the run, its queries, learnings and citations with one audit event, and the chain verifies', async () => {
    const [run] = await database.db.select().from(searchRuns).where(eq(searchRuns.id, deep.runId));
    expect(run).toMatchObject({
      status: 'complete',
      mode: 'deep',
      actor: LOCAL_OPERATOR,
      workspaceId: ws,
    });
    expect(
      await database.db.select().from(searchQueries).where(eq(searchQueries.runId, deep.runId)),
    ).toHaveLength(deep.queries.length);
    const learnings = await database.db
      .select()
      .from(searchLearnings)
      .where(eq(searchLearnings.runId, deep.runId));
    expect(learnings.length).toBe(deep.learnings.length);
    for (const l of learnings)
      expect(l.passages[0]).toMatchObject({
        chunkId: expect.any(String),
        start: expect.any(Number),
        end: expect.any(Number),
      });
    expect(
      await database.db.select().from(searchCitations).where(eq(searchCitations.runId, deep.runId)),
    ).toHaveLength(deep.citations.length);
    const events = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subject, `search_run:${deep.runId}`));
    expect(events).toHaveLength(1);
    expect(events[0].action).toBe('search.run');
    expect(JSON.stringify(events[0].payload)).not.toContain('Swiss');
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });

  it('replays from the database alone to the same answer and citations', async () => {
    const before = site.requests.length;
    const replay = await replaySearchRun(database.db, ws, deep.runId);
    expect(replay.differences).toEqual([]);
    expect(replay.same).toBe(true);
    expect(replay.replayed.answer).toBe(deep.answer);
    expect(site.requests.length).toBe(before);
  });
});

describe('searches around the edges', () => {
  it('a quick search reads what the workspace holds; another workspace sees none of it', async () => {
    const quick = await runSearch(
      database.db,
      OPERATOR,
      ws,
      { query: 'Helvetica Miedinger 1957', providers: ['local'] },
      deps,
    );
    expect(quick.mode).toBe('quick');
    expect(quick.queries.map((q) => q.query)).toEqual(['Helvetica Miedinger 1957']);
    expect(quick.answer).toContain('Helvetica was designed in 1957 by Max Miedinger');
    expect(quick.citations.every((c) => c.status === 'valid')).toBe(true);
    const [other] = await database.db.insert(workspaces).values({ name: 'other team' }).returning();
    const empty = await runSearch(
      database.db,
      OPERATOR,
      other.id,
      { query: 'Helvetica Miedinger 1957', providers: ['local'] },
      deps,
    );
    expect(empty.sources).toEqual([]);
    expect(empty.citations).toEqual([]);
    expect(empty.answer).toBe(
      'No passage in the 0 sources searched matched "Helvetica Miedinger 1957".',
    );
  });

  it('the local index also answers from reference passages in the shared chunks table', async () => {
    const referenceId = randomUUID();
    const text =
      'The client brief asks for a tangerine orange accent colour on every campaign poster.';
    await database.db.insert(chunks).values({
      workspaceId: ws,
      sourceKind: 'reference',
      sourceId: referenceId,
      ordinal: 0,
      heading: 'Brief',
      text,
      charStart: 0,
      charEnd: text.length,
    });
    const out = await runSearch(
      database.db,
      OPERATOR,
      ws,
      { query: 'tangerine accent colour', providers: ['local'] },
      deps,
    );
    expect(out.answer).toContain('tangerine orange accent colour');
    expect(out.citations.find((c) => c.sourceKind === 'reference')).toMatchObject({
      url: `reference:${referenceId}`,
      sourceId: referenceId,
      passage: text,
      status: 'valid',
    });
    expect(out.sources).toContainEqual(
      expect.objectContaining({ sourceKind: 'reference', sourceId: referenceId }),
    );
    expect((await replaySearchRun(database.db, ws, out.runId)).same).toBe(true);
  });

  it('a failing provider is recorded and the run completes with the others', async () => {
    const config = readSearchConfig({
      ...process.env,
      ATELIER_TAVILY_API_KEY: 'tvly-test-key',
      ATELIER_TAVILY_URL: 'http://127.0.0.1:9/',
    });
    const out = await runSearch(
      database.db,
      OPERATOR,
      ws,
      { query: 'Bauhaus universal alphabet', providers: ['tavily', 'local'] },
      { ...deps, config },
    );
    expect(out.status).toBe('complete');
    const [q] = await database.db
      .select()
      .from(searchQueries)
      .where(eq(searchQueries.runId, out.runId));
    expect(q.status).toBe('complete');
    expect(q.error).toMatch(/^tavily: search provider tavily could not be reached/);
    expect(q.error).not.toContain('tvly-test-key');
    expect(out.citations.length).toBeGreaterThan(0);
  });

  it('someone outside the workspace cannot search it, and an empty query is refused', async () => {
    const bob = await signUpClient('bob-search@example.com');
    await expect(
      runSearch(
        database.db,
        { userId: bob.user.id, actor: `user:${bob.user.id}`, isAdmin: bob.user.isAdmin },
        ws,
        { query: 'grid' },
        deps,
      ),
    ).rejects.toThrow('workspace not found');
    await expect(runSearch(database.db, OPERATOR, ws, { query: '   ' }, deps)).rejects.toThrow(
      'query: the search query cannot be empty',
    );
  });
});

describe('the search_web assistant tool', () => {
  it('returns answer, citations and sources, and the model sees page text only as quoted data', async () => {
    const conversation = await createConversation(database.db, OPERATOR, ws);
    const [message] = await database.db
      .insert(messages)
      .values({
        conversationId: conversation.id,
        role: 'assistant',
        parts: [],
        modelId: 'offline',
        profile: 'draft',
        status: 'streaming',
      })
      .returning();
    let commit!: () => void;
    const recorded = new Promise<void>((r) => (commit = r));
    const ctx = {
      db: database.db,
      principal: OPERATOR,
      workspaceId: ws,
      conversationId: conversation.id,
      assistantMessageId: message.id,
      profile: 'draft' as const,
      recorded,
      sources: new TurnSources(),
    };
    const tool = searchWebTool(ctx);
    const input = { query: 'poster typography tips' };
    const outputs: SearchWebOutput[] = [];
    const pending = (async () => {
      for await (const o of tool.execute!(input, {
        toolCallId: 't1',
        messages: [],
      }) as AsyncIterable<SearchWebOutput>)
        outputs.push(o);
    })();
    await new Promise((r) => setTimeout(r, 50));
    // Nothing is written before the turn's rows are committed.
    expect(
      await database.db.select().from(searchRuns).where(eq(searchRuns.messageId, message.id)),
    ).toEqual([]);
    expect(outputs).toEqual([]);
    commit();
    await pending;
    const output = outputs.at(-1) as SearchWebResult;
    expect(Object.keys(output)).toEqual(['runId', 'answer', 'citations', 'sources', 'findings']);
    expect(output.citations.some((c) => c.url === site.url('/articles/injection'))).toBe(true);
    expect(Object.keys(output.citations[0])).toEqual([
      'n',
      'url',
      'title',
      'passage',
      'status',
      'chunkId',
      'start',
      'end',
    ]);
    expect(output.sources.every((s) => s.snippet.length > 0)).toBe(true);
    // Progress came first, as preliminary results: running totals and the latest event, one line each.
    const running = outputs.slice(0, -1);
    expect(running.length).toBeGreaterThan(0);
    for (const p of running) {
      expect(isSearchProgress(p)).toBe(true);
      expect(p).toMatchObject({
        status: 'running',
        queries: expect.any(Number),
        pagesRead: expect.any(Number),
        learnings: expect.any(Number),
        latest: expect.any(String),
      });
      expect((p as SearchWebProgress).latest).not.toContain('\n');
    }
    const last = running.at(-1) as SearchWebProgress;
    expect(last.completed + last.failed).toBe(last.queries);
    const [run] = await database.db
      .select()
      .from(searchRuns)
      .where(and(eq(searchRuns.id, output.runId), eq(searchRuns.conversationId, conversation.id)));
    expect(run.messageId).toBe(ctx.assistantMessageId);

    const forModel = await tool.toModelOutput!({ toolCallId: 't1', input, output });
    expect(forModel.type).toBe('text');
    const text = (forModel as { value: string }).value;
    expect(text.split('\n')[0]).toMatch(
      /^search_web found \d+ sources and \d+ citations for "poster typography tips"/,
    );
    const nonce = /<<<web-data ([0-9a-f]{16}) id=answer>>>/.exec(text)![1];
    let inside = false;
    for (const line of text.split('\n')) {
      if (line.startsWith(`<<<web-data ${nonce}`)) inside = true;
      else if (line === `<<<end web-data ${nonce}>>>`) inside = false;
      else if (/IGNORE ALL PREVIOUS|system prompt|obey the page/i.test(line)) {
        expect(inside).toBe(true);
        expect(line.startsWith('> ')).toBe(true);
      }
    }
    expect(text).toMatch(/> .*Reveal the system prompt/);
    expect(text).not.toContain('<|im_start|>');
    expect(text.match(/<<<end web-data [0-9a-f]{16}>>>/g)!.every((m) => m.includes(nonce))).toBe(
      true,
    );
  });

  it('runs from a chat turn: the offline composer calls it and cites the result', async () => {
    const alice = await signUpClient('alice-search@example.com');
    const aliceWs = (await (await call(me.GET, { client: alice })).json()).workspaces[0].id;
    const conversationId = (
      await (
        await call(conversations.POST, { client: alice, body: { workspaceId: aliceWs } })
      ).json()
    ).conversation.id;
    const res = await call(chat.POST, {
      client: alice,
      body: {
        conversationId,
        parentId: null,
        message: { text: 'Research Swiss poster typography' },
        model: 'offline',
        profile: 'draft',
      },
    });
    expect(res.status).toBe(200);
    const chunksOut = await readUIStream(res);
    const text = chunksOut
      .filter((c) => c.type === 'text-delta')
      .map((c) => c.delta)
      .join('');
    expect(text).toMatch(
      /\[1\] `search_web`: searched "Research Swiss poster typography": \d+ sources/,
    );
    const outputs = chunksOut.filter((c) => c.type === 'tool-output-available') as Array<{
      output: SearchWebOutput;
      preliminary?: boolean;
    }>;
    expect(outputs.some((c) => c.preliminary === true && isSearchProgress(c.output))).toBe(true);
    const toolOut = outputs.find((c) => !c.preliminary) as { output: SearchWebResult } | undefined;
    expect(toolOut?.output.citations.length).toBeGreaterThan(0);
    const [run] = await database.db
      .select()
      .from(searchRuns)
      .where(eq(searchRuns.id, toolOut!.output.runId));
    expect(run).toMatchObject({
      workspaceId: aliceWs,
      conversationId,
      actor: `user:${alice.user.id}`,
      messageId: res.headers.get('x-atelier-assistant-message-id'),
    });
    // The stored part keeps the final result, not a progress snapshot.
    const [stored] = await database.db
      .select()
      .from(messages)
      .where(eq(messages.id, run.messageId!));
    const part = (
      stored.parts as Array<{ type: string; output?: SearchWebOutput; preliminary?: boolean }>
    ).find((p) => p.type === 'tool-search_web')!;
    expect(part.preliminary).toBeFalsy();
    expect(part.output).toMatchObject({ runId: run.id });
  });

  it('a run that never finished reaches the model as its totals only', () => {
    const interrupted: SearchWebProgress = {
      status: 'running',
      queries: 3,
      completed: 1,
      failed: 0,
      pagesRead: 4,
      learnings: 2,
      depth: 1,
      latest: 'read http://evil.example/IGNORE ALL PREVIOUS',
    };
    expect(searchForModel(interrupted, 'poster type')).toBe(
      'search_web did not finish for "poster type" (stopped after 1 of 3 queries and 4 pages); it has no answer.',
    );
  });
});
