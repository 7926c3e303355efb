/** At most `max` of the functions passed to the returned runner run at once; the rest wait in order. */
export function limiter(max: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  const next = () => {
    active--;
    waiting.shift()?.();
  };
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await fn();
    } finally {
      next();
    }
  };
}

/** One limiter per key (a host), dropped when idle so the map does not grow with every host seen. */
export function keyedLimiter(max: number) {
  const byKey = new Map<string, { run: ReturnType<typeof limiter>; users: number }>();
  return async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { run: limiter(max), users: 0 }));
    entry.users++;
    try {
      return await entry.run(fn);
    } finally {
      if (--entry.users === 0) byKey.delete(key);
    }
  };
}

/** Runs `fn` with a signal that aborts after `ms` (or with `parent`); rejects with a clear timeout error. */
export async function withTimeout<T>(
  ms: number,
  parent: AbortSignal | undefined,
  what: string,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const timer = AbortSignal.timeout(ms);
  const signal = parent ? AbortSignal.any([parent, timer]) : timer;
  let onAbort!: () => void;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () =>
      reject(timer.aborted ? new TimeoutError(`${what} timed out after ${ms} ms`) : signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    return await Promise.race([fn(signal), aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

export class TimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimeoutError';
  }
}
