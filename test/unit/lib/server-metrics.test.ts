import { afterEach, describe, expect, it } from 'vitest';
import {
  resetServerMetrics,
  serverMetrics,
  startLoopDelayMonitor,
  stopLoopDelayMonitor,
} from '@/lib/runtime/metrics';

const admin = { userId: 'u1', actor: 'user:u1', isAdmin: true };
const member = { userId: 'u2', actor: 'user:u2', isAdmin: false };

const block = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterEach(() => stopLoopDelayMonitor());

describe('server metrics', () => {
  it('are for instance admins only', () => {
    expect(() => serverMetrics(member)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => resetServerMetrics(member)).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
  });

  it('report no event-loop figures where the monitor was not started, memory always', () => {
    const m = serverMetrics(admin);
    expect(m.eventLoopDelayMs).toBeNull();
    expect(m.memory.rssBytes).toBeGreaterThan(0);
    expect(m.memory.maxRssBytes).toBeGreaterThanOrEqual(m.memory.rssBytes / 2);
  });

  it('see the loop blocked, and start afresh when reset', async () => {
    startLoopDelayMonitor(5);
    await tick(30);
    block(120);
    await tick(30);
    const blocked = serverMetrics(admin).eventLoopDelayMs!;
    expect(blocked.samples).toBeGreaterThan(0);
    expect(blocked.max).toBeGreaterThanOrEqual(100);

    resetServerMetrics(admin);
    await tick(60);
    const after = serverMetrics(admin).eventLoopDelayMs!;
    expect(after.max).toBeLessThan(100);
    expect(Date.parse(after.since)).toBeGreaterThan(Date.parse(blocked.since));
  });
});
