'use client';

import type { ChatStatus, UIMessage } from 'ai';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ChatCallbacks, RuntimeChat } from './chat-runtime';

type Runtime = typeof import('./chat-runtime');

let runtime: Runtime | null = null;
let loading: Promise<Runtime> | null = null;

/**
 * The streaming client, fetched once per page load: on the first send or resumed turn, or earlier
 * when the person shows they are about to write (see `preloadChat`).
 */
function loadRuntime(): Promise<Runtime> {
  loading ??= import('./chat-runtime').then(
    (m) => {
      runtime = m;
      return m;
    },
    (err: unknown) => {
      loading = null;
      throw err;
    },
  );
  return loading;
}

/** Starts fetching the streaming client without waiting for it (a failure shows on send). */
export function preloadChat(): void {
  loadRuntime().catch(() => {});
}

type SendMessage = RuntimeChat['sendMessage'];
type Message = Parameters<SendMessage>[0];
type SendOptions = Parameters<SendMessage>[1];
type PartsMessage = Extract<NonNullable<Message>, { parts: unknown[] }>;
const hasParts = (m: Message): m is PartsMessage => Array.isArray(m?.parts);

const ID_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const newId = () =>
  Array.from({ length: 16 }, () => ID_CHARS[Math.floor(Math.random() * ID_CHARS.length)]).join('');

/**
 * One conversation's chat state, as `useChat` keeps it, before and after the AI SDK's Chat exists.
 * Until a turn is sent or resumed it only holds the messages it is given; the first send shows the
 * message as submitted at once and hands it to the Chat when the client has arrived.
 */
export class LazyChat {
  private real: RuntimeChat | null = null;
  private creating: Promise<RuntimeChat> | null = null;
  private messages: UIMessage[];
  private status: ChatStatus = 'ready';
  private error: Error | undefined = undefined;
  private readonly listeners = new Set<() => void>();
  /** Bumped by stop and by each send, so a send that waited for the client can tell it was cancelled. */
  private sendToken = 0;

  constructor(
    private readonly id: string,
    initial: UIMessage[],
    private readonly throttleMs: number,
    private readonly on: { current: ChatCallbacks },
  ) {
    this.messages = initial;
  }

  private emit() {
    for (const l of this.listeners) l();
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };
  getMessages = () => this.messages;
  getStatus = () => this.status;
  getError = () => this.error;

  private create(rt: Runtime, messages: UIMessage[]): RuntimeChat {
    return rt.createChat(this.id, messages, {
      onFinish: (arg) => this.on.current.onFinish(arg),
      onError: (err) => this.on.current.onError(err),
      onNoLiveTurn: () => this.on.current.onNoLiveTurn(),
    });
  }

  /** From now on the state is the Chat's, read as `useChat` reads it (messages throttled). */
  private attach(chat: RuntimeChat) {
    this.real = chat;
    chat['~registerMessagesCallback'](() => {
      this.messages = chat.messages;
      this.emit();
    }, this.throttleMs);
    chat['~registerStatusCallback'](() => {
      // the last throttled update may still be waiting: a settled turn shows its final messages
      if (chat.status === 'ready' || chat.status === 'error') this.messages = chat.messages;
      this.status = chat.status;
      this.emit();
    });
    chat['~registerErrorCallback'](() => {
      this.error = chat.error;
      this.emit();
    });
    this.messages = chat.messages;
    this.status = chat.status;
    this.error = chat.error;
    this.emit();
  }

  private ensureReal(): Promise<RuntimeChat> {
    if (this.real) return Promise.resolve(this.real);
    this.creating ??= loadRuntime().then(
      (rt) => {
        if (!this.real) this.attach(this.create(rt, this.messages));
        return this.real!;
      },
      (err: unknown) => {
        this.creating = null;
        throw err;
      },
    );
    return this.creating;
  }

  setMessages = (messages: UIMessage[]) => {
    if (this.real) {
      this.real.messages = messages;
      return;
    }
    // the same messages again (the page's first sync of its branch): nothing to render anew
    const same = this.messages;
    if (messages.length === same.length && messages.every((m, i) => m === same[i])) return;
    this.messages = [...messages];
    this.emit();
  };

  sendMessage = (message: Message, options?: SendOptions): Promise<void> => {
    if (this.real) return this.real.sendMessage(message, options);
    const token = ++this.sendToken;
    const before = this.messages;
    const start = (rt: Runtime, msg: Message) => {
      if (this.real) {
        // a resumed turn's client arrived first: it holds what was shown, the pending message too
        this.real.messages = before;
        return this.real.sendMessage(msg, options);
      }
      const chat = this.create(rt, before);
      // Sends and marks the turn submitted synchronously, before anyone reads the new state.
      const sent = chat.sendMessage(msg, options);
      this.attach(chat);
      return sent;
    };
    if (runtime) return start(runtime, message);
    // Shown as `useChat` shows a send (the message, the turn submitted) while the client is fetched.
    let pending = message;
    if (hasParts(message)) {
      const id = message.id ?? newId();
      pending = { ...message, id };
      this.messages = [...before, { ...message, id, role: message.role ?? 'user' } as UIMessage];
    }
    this.status = 'submitted';
    this.error = undefined;
    this.emit();
    return loadRuntime().then(
      (rt) => {
        if (token === this.sendToken) return start(rt, pending);
      },
      (err: unknown) => {
        if (token !== this.sendToken) return;
        const error = err instanceof Error ? err : new Error(String(err));
        this.status = 'error';
        this.error = error;
        this.emit();
        this.on.current.onError(error);
      },
    );
  };

  stop = (): Promise<void> => {
    this.sendToken++;
    if (this.real) return this.real.stop();
    if (this.status === 'submitted') {
      this.status = 'ready';
      this.emit();
    }
    return Promise.resolve();
  };

  clearError = () => {
    if (this.real) {
      this.real.clearError();
      return;
    }
    if (this.status === 'error') {
      this.error = undefined;
      this.status = 'ready';
      this.emit();
    }
  };

  /** `useChat`'s `resume`: fetches the client and reads the running turn while mounted. */
  resume(): () => void {
    let active = true;
    let unregister: (() => void) | undefined;
    Promise.all([this.ensureReal(), loadRuntime()]).then(
      ([chat, rt]) => {
        if (active) unregister = rt.resumeWhileMounted(chat);
      },
      (err: unknown) => {
        if (!active) return;
        const error = err instanceof Error ? err : new Error(String(err));
        this.on.current.onError(error);
      },
    );
    return () => {
      active = false;
      unregister?.();
    };
  }
}

export type LazyChatOptions = ChatCallbacks & {
  id: string;
  /** The messages the chat starts with (read on the first render only, as `useChat` does). */
  messages: UIMessage[];
  /** Resume the conversation's running turn on mount. */
  resume: boolean;
  throttleMs: number;
};

/**
 * `useChat` for one conversation (the parts of it the chat page uses), without the AI SDK in the
 * page's first JavaScript: the SDK arrives when a turn is sent or resumed. The functions it returns
 * keep their identity for the life of the component.
 */
export function useLazyChat({
  id,
  messages: initial,
  resume,
  throttleMs,
  onFinish,
  onError,
  onNoLiveTurn,
}: LazyChatOptions) {
  const on = useRef<ChatCallbacks>({ onFinish, onError, onNoLiveTurn });
  on.current = { onFinish, onError, onNoLiveTurn };
  const [store] = useState(() => new LazyChat(id, initial, throttleMs, on));
  const messages = useSyncExternalStore(store.subscribe, store.getMessages, store.getMessages);
  const status = useSyncExternalStore(store.subscribe, store.getStatus, store.getStatus);
  const error = useSyncExternalStore(store.subscribe, store.getError, store.getError);
  useEffect(() => (resume ? store.resume() : undefined), [resume, store]);
  return {
    messages,
    status,
    error,
    setMessages: store.setMessages,
    sendMessage: store.sendMessage,
    stop: store.stop,
    clearError: store.clearError,
  };
}
