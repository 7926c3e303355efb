// One signed-in person talking to the server over HTTP as the browser does: session cookie, CSRF
// token and Origin on every mutation. Responses are checked with zod; a chat turn is read as it
// streams, noting when its first text and its image job's queued and complete outputs arrived.
import { z } from 'zod';

const User = z.object({ user: z.object({ id: z.string(), isAdmin: z.boolean() }) });
const Me = z.object({ workspaces: z.array(z.object({ id: z.string() })).min(1) });
const Created = z.object({ conversation: z.object({ id: z.string() }) });
const Chunk = z.looseObject({ type: z.string() });
const ToolOutput = z.looseObject({
  output: z.looseObject({ status: z.string().optional() }).optional(),
});
export const Metrics = z.object({
  eventLoopDelayMs: z
    .object({
      since: z.string(),
      resolutionMs: z.number(),
      samples: z.number(),
      p50: z.number(),
      p99: z.number(),
      max: z.number(),
      mean: z.number(),
    })
    .nullable(),
  memory: z.object({ rssBytes: z.number(), maxRssBytes: z.number(), heapUsedBytes: z.number() }),
});

export class HttpError extends Error {
  constructor(
    readonly what: string,
    readonly status: number,
    body: string,
  ) {
    super(`${what}: HTTP ${status} ${body.slice(0, 300)}`);
  }
}

export type Turn = {
  /** performance.now() when the request was sent. */
  startedAt: number;
  ms: number;
  /** From sending the request to the first text delta; null when none came. */
  firstTextMs: number | null;
  /** performance.now() when the image job's queued and complete outputs arrived. */
  jobQueuedAt: number | null;
  jobCompleteAt: number | null;
};

export class Client {
  private constructor(
    readonly base: string,
    readonly userId: string,
    readonly isAdmin: boolean,
    private readonly cookie: string,
    private readonly csrf: string,
  ) {}

  static async signUp(base: string, email: string, timeoutMs: number): Promise<Client> {
    const res = await fetch(`${base}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ email, name: email.split('@')[0], password: 'correct horse battery' }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (res.status !== 201) throw new HttpError('sign-up', res.status, await res.text());
    const pairs = res.headers.getSetCookie().map((c) => c.split(';')[0]);
    const csrf = pairs.find((p) => p.startsWith('atelier_csrf='))?.split('=')[1];
    if (!csrf) throw new Error('sign-up: no CSRF cookie');
    const { user } = User.parse(await res.json());
    return new Client(base, user.id, user.isAdmin, pairs.join('; '), csrf);
  }

  async request(
    what: string,
    path: string,
    init: { method?: string; json?: unknown; form?: FormData; timeoutMs: number },
  ): Promise<Response> {
    const method = init.method ?? (init.json || init.form ? 'POST' : 'GET');
    const headers: Record<string, string> = { cookie: this.cookie };
    if (method !== 'GET') Object.assign(headers, { 'x-csrf-token': this.csrf, origin: this.base });
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers,
      body: init.form ?? (init.json === undefined ? undefined : JSON.stringify(init.json)),
      signal: AbortSignal.timeout(init.timeoutMs),
    });
    if (res.status < 200 || res.status > 299)
      throw new HttpError(what, res.status, await res.text());
    return res;
  }

  async workspaceId(timeoutMs: number): Promise<string> {
    const res = await this.request('me', '/api/auth/me', { timeoutMs });
    return Me.parse(await res.json()).workspaces[0].id;
  }

  async newConversation(workspaceId: string, timeoutMs: number): Promise<string> {
    const res = await this.request('new conversation', '/api/conversations', {
      json: { workspaceId },
      timeoutMs,
    });
    return Created.parse(await res.json()).conversation.id;
  }

  /**
   * One turn in a fresh conversation, read to its end. Throws on a non-2xx answer, an `error` or
   * `abort` chunk, a failed tool, a stream that ends without `finish`, or (with `expectImage`) a
   * turn whose image job never completed.
   */
  async turn(
    conversationId: string,
    text: string,
    opts: { expectImage: boolean; timeoutMs: number },
  ): Promise<Turn> {
    const t0 = performance.now();
    const res = await this.request('chat', '/api/chat', {
      json: {
        conversationId,
        parentId: null,
        message: { text },
        model: 'offline',
        profile: 'draft',
      },
      timeoutMs: opts.timeoutMs,
    });
    const turn: Turn = {
      startedAt: t0,
      ms: 0,
      firstTextMs: null,
      jobQueuedAt: null,
      jobCompleteAt: null,
    };
    let finished = false;
    const onChunk = (chunk: z.infer<typeof Chunk>) => {
      const now = performance.now();
      if (chunk.type === 'error' || chunk.type === 'abort' || chunk.type === 'tool-output-error')
        throw new Error(`chat stream: ${JSON.stringify(chunk).slice(0, 300)}`);
      if (chunk.type === 'text-delta') turn.firstTextMs ??= now - t0;
      if (chunk.type === 'finish') finished = true;
      if (chunk.type === 'tool-output-available') {
        const status = ToolOutput.parse(chunk).output?.status;
        if (status === 'queued') turn.jobQueuedAt ??= now;
        if (status === 'complete') turn.jobCompleteAt = now;
      }
    };
    const decoder = new TextDecoder();
    let buffered = '';
    const reader = res.body!.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffered += decoder.decode(value, { stream: true });
        let end = buffered.indexOf('\n\n');
        while (end >= 0) {
          for (const line of buffered.slice(0, end).split('\n'))
            if (line.startsWith('data: ') && line !== 'data: [DONE]')
              onChunk(Chunk.parse(JSON.parse(line.slice(6))));
          buffered = buffered.slice(end + 2);
          end = buffered.indexOf('\n\n');
        }
      }
    } catch (err) {
      await reader.cancel().catch(() => undefined);
      throw err;
    }
    turn.ms = performance.now() - t0;
    if (!finished) throw new Error('chat stream ended without a finish chunk');
    if (opts.expectImage && turn.jobCompleteAt === null)
      throw new Error('chat stream finished without a completed image');
    return turn;
  }

  async upload(
    conversationId: string,
    file: { name: string; bytes: Uint8Array },
    timeoutMs: number,
  ): Promise<{ status: number; kind: string }> {
    const form = new FormData();
    // The target goes before the file: the server checks it before it reads the file.
    form.append('conversationId', conversationId);
    form.append('file', new Blob([new Uint8Array(file.bytes)]), file.name);
    const res = await this.request('upload', '/api/references', { form, timeoutMs });
    const body = z.object({ reference: z.object({ kind: z.string() }) }).parse(await res.json());
    return { status: res.status, kind: body.reference.kind };
  }
}
