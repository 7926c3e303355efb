import { tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildTools, registerTool, type ToolContext } from '@/lib/assistant/tools/registry';
import { TurnSources } from '@/lib/assistant/tools/turn-sources';

const ctx = {} as ToolContext;

describe('tool registry', () => {
  it('builds an empty tool set when nothing is registered (a turn then runs without tools)', () => {
    expect(buildTools(ctx)).toEqual({});
  });

  it('builds each registered tool for the turn, sharing what they read, and forgets one unregistered', () => {
    const made: ToolContext[] = [];
    const probe = (c: ToolContext) => {
      made.push(c);
      return tool({ description: 'probe', inputSchema: z.object({}) });
    };
    const offs = [registerTool('probe', probe), registerTool('probe2', probe)];
    expect(Object.keys(buildTools(ctx))).toEqual(['probe', 'probe2']);
    expect(made).toEqual([
      { ...ctx, sources: expect.any(TurnSources) },
      { ...ctx, sources: expect.any(TurnSources) },
    ]);
    expect(made[0].sources).toBe(made[1].sources);
    buildTools(ctx);
    expect(made[2].sources).not.toBe(made[0].sources);
    for (const off of offs) off();
    expect(buildTools(ctx)).toEqual({});
  });
});
