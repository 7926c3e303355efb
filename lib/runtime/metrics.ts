// What an admin may read of the server process itself: its event-loop delay
// (perf_hooks.monitorEventLoopDelay) since the monitor started or was last reset, and its memory.
// The histogram is kept on globalThis so the server entry that starts it and the route bundle that
// reads it share one.
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { AppError } from '../errors';
import type { Principal } from '../workspaces/access';

const KEY = Symbol.for('atelier.loopDelay');
type Monitor = { histogram: IntervalHistogram; resolutionMs: number; since: Date };
type Holder = { [KEY]?: Monitor };

/** Starts sampling this thread's event-loop delay (once per process; later calls keep the first). */
export function startLoopDelayMonitor(resolutionMs = 10): void {
  const g = globalThis as Holder;
  if (g[KEY]) return;
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  g[KEY] = { histogram, resolutionMs, since: new Date() };
}

/** Stops sampling; for tests and a process that no longer serves. */
export function stopLoopDelayMonitor(): void {
  const g = globalThis as Holder;
  g[KEY]?.histogram.disable();
  delete g[KEY];
}

function requireAdmin(who: Principal): void {
  if (!who.isAdmin) throw new AppError('forbidden', 'only an admin can read server metrics');
}

const ms = (ns: number) => Math.round(ns / 1e3) / 1e3;

export type ServerMetrics = {
  /** Null when this process does not sample it (not started by `atelier serve`). */
  eventLoopDelayMs: {
    since: string;
    resolutionMs: number;
    samples: number;
    p50: number;
    p99: number;
    max: number;
    mean: number;
  } | null;
  memory: { rssBytes: number; maxRssBytes: number; heapUsedBytes: number };
};

export function serverMetrics(who: Principal): ServerMetrics {
  requireAdmin(who);
  const m = (globalThis as Holder)[KEY];
  const h = m?.histogram;
  // An empty histogram reports NaN for its mean and 9.2e18 for its min; say 0 instead.
  const some = !!h && h.count > 0;
  const mem = process.memoryUsage();
  return {
    eventLoopDelayMs: m
      ? {
          since: m.since.toISOString(),
          resolutionMs: m.resolutionMs,
          samples: h!.count,
          p50: some ? ms(h!.percentile(50)) : 0,
          p99: some ? ms(h!.percentile(99)) : 0,
          max: some ? ms(h!.max) : 0,
          mean: some ? ms(h!.mean) : 0,
        }
      : null,
    memory: {
      rssBytes: mem.rss,
      // resourceUsage reports kilobytes: the peak resident set of the whole process, all threads.
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      heapUsedBytes: mem.heapUsed,
    },
  };
}

/** Starts the event-loop figures afresh (a load test resets before its window). */
export function resetServerMetrics(who: Principal): void {
  requireAdmin(who);
  const m = (globalThis as Holder)[KEY];
  if (!m) return;
  m.histogram.reset();
  m.since = new Date();
}
