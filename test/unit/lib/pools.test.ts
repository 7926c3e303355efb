// Pool sizes from the cores this process may use, unless the environment says.
import os from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { engineThreads, engineWorkers, parseWorkers, renderWorkers } from '@/lib/config/pools';

const withCores = (n: number) => vi.spyOn(os, 'availableParallelism').mockReturnValue(n);
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('pool sizes', () => {
  it('gives parse and page-render workers from the cores', () => {
    withCores(2);
    expect([parseWorkers(), renderWorkers()]).toEqual([2, 1]);
    withCores(32);
    expect([parseWorkers(), renderWorkers()]).toEqual([8, 4]);
  });

  it('gives one inference worker per 8 cores on CPU, one on CUDA, threads shared out', () => {
    withCores(2);
    expect(engineWorkers('cpu')).toBe(1);
    expect(engineThreads(1)).toBeUndefined();
    withCores(16);
    expect(engineWorkers('cpu')).toBe(2);
    expect(engineThreads(2)).toBe(8);
    expect(engineWorkers('cuda')).toBe(1);
    withCores(64);
    expect(engineWorkers('cpu')).toBe(8);
  });

  it('takes the environment over the cores', () => {
    withCores(16);
    vi.stubEnv('ATELIER_ENGINE_WORKERS', '3');
    vi.stubEnv('ATELIER_THREADS', '4');
    expect(engineWorkers('cuda')).toBe(3);
    expect(engineThreads(3)).toBe(4);
  });
});
