// The chat page's useChat stand-in (app/_lib/lazy-chat.ts): before the AI SDK has arrived it shows a
// send at once (the message, the turn submitted), hands it to the SDK's Chat when the chunk loads,
// and from then on reads the Chat as useChat does. The Chat here is a fake with the same surface.
import type { UIMessage } from 'ai';
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Status = 'submitted' | 'streaming' | 'ready' | 'error';

class FakeChat {
  status: Status = 'ready';
  error: Error | undefined;
  sent: Array<{ message: unknown; options: unknown }> = [];
  private cbs = { messages: new Set<() => void>(), status: new Set<() => void>() };
  constructor(
    readonly id: string,
    private msgs: UIMessage[],
  ) {}
  get messages() {
    return this.msgs;
  }
  set messages(m: UIMessage[]) {
    this.msgs = [...m];
    for (const c of this.cbs.messages) c();
  }
  '~registerMessagesCallback' = (c: () => void) => (this.cbs.messages.add(c), () => {});
  '~registerStatusCallback' = (c: () => void) => (this.cbs.status.add(c), () => {});
  '~registerErrorCallback' = () => () => {};
  setStatus(s: Status) {
    this.status = s;
    for (const c of this.cbs.status) c();
  }
  sendMessage = (message: { id?: string; parts: UIMessage['parts'] }, options?: unknown) => {
    this.sent.push({ message, options });
    this.messages = [
      ...this.msgs,
      { id: message.id ?? 'sdk-id', role: 'user', parts: message.parts },
    ];
    this.setStatus('submitted');
    return Promise.resolve();
  };
  stop = vi.fn(() => {
    this.setStatus('ready');
    return Promise.resolve();
  });
  clearError = () => {};
  resumeStream = vi.fn(() => Promise.resolve());
}

const created: FakeChat[] = [];
const runtime = () => ({
  createChat: (id: string, messages: UIMessage[]) => {
    const chat = new FakeChat(id, messages);
    created.push(chat);
    return chat;
  },
  resumeWhileMounted: (chat: FakeChat) => {
    void chat.resumeStream();
    return () => {};
  },
});

const msg = (id: string, text: string): UIMessage => ({
  id,
  role: 'user',
  parts: [{ type: 'text', text }],
});
const callbacks = () => ({
  current: { onFinish: vi.fn(), onError: vi.fn(), onNoLiveTurn: vi.fn() },
});
const settle = () => new Promise((r) => setTimeout(r, 0));

async function fresh() {
  vi.resetModules();
  created.length = 0;
  return (await import('@/app/_lib/lazy-chat')).LazyChat;
}

describe('the chat page before and after the AI SDK arrives', () => {
  beforeEach(() => {
    vi.doMock('@/app/_lib/chat-runtime', runtime);
  });

  it('holds the shown messages without the SDK, and ignores the same messages again', async () => {
    const LazyChat = await fresh();
    const first = [msg('a', 'hello')];
    const chat = new LazyChat('c1', first, 40, callbacks());
    const seen = vi.fn();
    chat.subscribe(seen);
    chat.setMessages([...first]);
    expect(seen).not.toHaveBeenCalled();
    chat.setMessages([msg('b', 'other')]);
    expect(seen).toHaveBeenCalledTimes(1);
    expect(chat.getMessages().map((m) => m.id)).toEqual(['b']);
    expect(chat.getStatus()).toBe('ready');
    await settle();
    expect(created).toHaveLength(0);
  });

  it('shows a send at once, then hands it to the Chat under the same id', async () => {
    const LazyChat = await fresh();
    const chat = new LazyChat('c1', [msg('a', 'hello')], 40, callbacks());
    const body = { body: { parentId: 'a' } };
    void chat.sendMessage({ parts: [{ type: 'text', text: 'a poster' }] }, body);
    expect(chat.getStatus()).toBe('submitted');
    const shown = chat.getMessages();
    expect(shown).toHaveLength(2);
    const pendingId = shown[1].id;
    expect(pendingId).toMatch(/^[0-9A-Za-z]{16}$/);
    await settle();
    expect(created).toHaveLength(1);
    const [sdk] = created;
    expect(sdk.id).toBe('c1');
    expect(sdk.sent).toEqual([
      { message: { parts: [{ type: 'text', text: 'a poster' }], id: pendingId }, options: body },
    ]);
    expect(chat.getMessages().map((m) => m.id)).toEqual(['a', pendingId]);
    expect(chat.getStatus()).toBe('submitted');
    sdk.setStatus('streaming');
    expect(chat.getStatus()).toBe('streaming');
    // a second send goes straight to the Chat
    void chat.sendMessage({ parts: [{ type: 'text', text: 'again' }] });
    expect(sdk.sent).toHaveLength(2);
  });

  it('sends synchronously once the SDK is loaded', async () => {
    const LazyChat = await fresh();
    const warm = new LazyChat('c0', [], 40, callbacks());
    void warm.sendMessage({ parts: [{ type: 'text', text: 'warm up' }] });
    await settle();
    const chat = new LazyChat('c2', [], 40, callbacks());
    void chat.sendMessage({ parts: [{ type: 'text', text: 'now' }] });
    expect(created).toHaveLength(2);
    expect(created[1].sent).toHaveLength(1);
    expect(chat.getStatus()).toBe('submitted');
  });

  it('Stop before the SDK arrived sends nothing', async () => {
    const LazyChat = await fresh();
    const chat = new LazyChat('c1', [], 40, callbacks());
    void chat.sendMessage({ parts: [{ type: 'text', text: 'never mind' }] });
    await chat.stop();
    expect(chat.getStatus()).toBe('ready');
    await settle();
    expect(created.every((c) => c.sent.length === 0)).toBe(true);
  });

  it('a chunk that cannot be loaded shows as the send failing', async () => {
    const LazyChat = await fresh();
    vi.doMock('@/app/_lib/chat-runtime', () => {
      throw new Error('chunk failed');
    });
    await expect(import('@/app/_lib/chat-runtime')).rejects.toThrow();
    const on = callbacks();
    const chat = new LazyChat('c1', [], 40, on);
    await chat.sendMessage({ parts: [{ type: 'text', text: 'offline' }] });
    expect(chat.getStatus()).toBe('error');
    expect(chat.getError()).toBeInstanceOf(Error);
    expect(on.current.onError).toHaveBeenCalledTimes(1);
    chat.clearError();
    expect(chat.getStatus()).toBe('ready');
  });

  it('resuming loads the SDK, starts from the shown messages and reads the running turn', async () => {
    const LazyChat = await fresh();
    const chat = new LazyChat('c1', [msg('a', 'hello')], 40, callbacks());
    const stop = chat.resume();
    await settle();
    expect(created).toHaveLength(1);
    expect(created[0].messages.map((m) => m.id)).toEqual(['a']);
    expect(created[0].resumeStream).toHaveBeenCalledTimes(1);
    stop();
    await chat.stop();
    expect(created[0].stop).toHaveBeenCalledTimes(1);
  });
});
