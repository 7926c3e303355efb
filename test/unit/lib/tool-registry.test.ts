import { tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildTools, registerTool, type ToolContext } from '@/lib/assistant/tools/registry';

const ctx = {} as ToolContext;

describe('tool registry', () => {
  it('builds an empty tool set when nothing is registered (a turn then runs without tools)', () => {
    expect(buildTools(ctx)).toEqual({});
  });

  it('builds each registered tool for the turn, and forgets one unregistered', () => {
    const made: ToolContext[] = [];
    const off = registerTool('probe', (c) => {
      made.push(c);
      return tool({ description: 'probe', inputSchema: z.object({}) });
    });
    expect(Object.keys(buildTools(ctx))).toEqual(['probe']);
    expect(made).toEqual([ctx]);
    off();
    expect(buildTools(ctx)).toEqual({});
  });
});
