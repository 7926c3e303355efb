import { describe, expect, it } from 'vitest';
import { printable } from '@/lib/cli/output';

describe('printable', () => {
  it('drops the control sequences a stored page could carry to a terminal, keeping lines and tabs', () => {
    const page = 'Title\u001b]0;owned\u0007\nBody\u001b[2J\ttext\u009b31m and\u0000 more';
    expect(printable(page)).toBe('Title]0;owned\nBody[2J\ttext31m and more');
  });
});
