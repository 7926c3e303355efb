import type { UIMessageChunk } from 'ai';

/**
 * A running assistant turn, detached from any HTTP request: closing the tab does not stop it, and a
 * client that reconnects subscribes and gets every chunk from the start, then the rest live.
 */
export class LiveTurn {
  readonly abort = new AbortController();
  private readonly chunks: UIMessageChunk[] = [];
  private readonly listeners = new Set<(c: UIMessageChunk | null) => void>();
  private ended = false;
  private stopper: { actor: string; reason: string } | null = null;
  readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(
    readonly conversationId: string,
    readonly userMessageId: string,
    readonly assistantMessageId: string,
  ) {
    this.done = new Promise((r) => (this.resolveDone = r));
  }

  /** Stops the turn for `actor` (the first stop wins), so its end is recorded as theirs. */
  stop(actor: string, reason: string): void {
    this.stopper ??= { actor, reason };
    this.abort.abort(new Error(reason));
  }

  /** Who stopped the turn and why; null while it runs or when it ended by itself. */
  get stoppedBy(): { actor: string; reason: string } | null {
    return this.stopper;
  }

  push(chunk: UIMessageChunk): void {
    this.chunks.push(chunk);
    for (const l of this.listeners) l(chunk);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const l of this.listeners) l(null);
    this.listeners.clear();
    liveTurns().delete(this.conversationId);
    this.resolveDone();
  }

  subscribe(): ReadableStream<UIMessageChunk> {
    let listener: ((c: UIMessageChunk | null) => void) | undefined;
    return new ReadableStream<UIMessageChunk>({
      start: (controller) => {
        for (const c of this.chunks) controller.enqueue(c);
        if (this.ended) return controller.close();
        listener = (c) => (c ? controller.enqueue(c) : controller.close());
        this.listeners.add(listener);
      },
      cancel: () => {
        if (listener) this.listeners.delete(listener);
      },
    });
  }
}

const KEY = Symbol.for('atelier.liveTurns');
type Holder = { [KEY]?: Map<string, LiveTurn> };

/** Shared through globalThis so the server entry and the route bundles see the same turns. */
export function liveTurns(): Map<string, LiveTurn> {
  const g = globalThis as Holder;
  return (g[KEY] ??= new Map());
}
