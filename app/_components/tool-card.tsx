'use client';

type ToolLike = {
  type: string;
  toolName?: string;
  state?: string;
  input?: unknown;
  output?: unknown;
  errorText?: string;
};

const STATE_LABEL: Record<string, string> = {
  'input-streaming': 'preparing',
  'input-available': 'running',
  'approval-requested': 'awaiting approval',
  'approval-responded': 'approved',
  'output-available': 'done',
  'output-error': 'failed',
  'output-denied': 'denied',
};

const STATE_STYLE: Record<string, string> = {
  'output-available': 'bg-emerald-50 text-emerald-700',
  'output-error': 'bg-red-50 text-red-700',
  'output-denied': 'bg-amber-50 text-amber-700',
};

function truncate(s: string, n: number) {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** One line that says what a tool got or gave back. */
export function summarize(value: unknown, max = 160): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'string') return truncate(value.replace(/\s+/g, ' ').trim() || '""', max);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value))
    return value.length === 0
      ? 'no items'
      : `${value.length} item${value.length === 1 ? '' : 's'}: ${summarize(value[0], max / 2)}`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const simple = entries
      .filter(
        ([, v]) =>
          v === null || ['string', 'number', 'boolean'].includes(typeof v) || Array.isArray(v),
      )
      .slice(0, 4)
      .map(
        ([k, v]) =>
          `${k}: ${Array.isArray(v) ? `${v.length} item${v.length === 1 ? '' : 's'}` : summarize(v, 60)}`,
      );
    if (simple.length) return truncate(simple.join(' · '), max);
    try {
      return truncate(JSON.stringify(value), max);
    } catch {
      return 'object';
    }
  }
  return truncate(String(value), max);
}

function pretty(value: unknown): string {
  try {
    const s = JSON.stringify(value, null, 2);
    return s.length > 6000 ? `${s.slice(0, 6000)}\n…` : s;
  } catch {
    return String(value);
  }
}

export function toolNameOf(part: { type: string; toolName?: string }): string {
  if (part.type === 'dynamic-tool') return part.toolName ?? 'tool';
  return part.type.startsWith('tool-') ? part.type.slice(5) : part.type;
}

export function ToolCard({ part }: { part: ToolLike }) {
  const name = toolNameOf(part);
  const state = part.state ?? 'input-available';
  const running = state === 'input-streaming' || state === 'input-available';
  return (
    <div
      data-testid="tool-card"
      data-tool={name}
      data-state={state}
      className="my-2 rounded-lg border border-neutral-200 bg-neutral-50 text-xs"
    >
      <div className="flex items-center gap-2 px-3 py-2">
        <span className="font-mono font-medium text-neutral-800">{name}</span>
        <span
          className={`rounded-full px-2 py-0.5 ${STATE_STYLE[state] ?? 'bg-accent-50 text-accent-700'}`}
        >
          {running ? (
            <span
              className="mr-1 inline-block h-1.5 w-1.5 animate-pulse rounded-full bg-current align-middle"
              aria-hidden
            />
          ) : null}
          {STATE_LABEL[state] ?? state}
        </span>
      </div>
      <dl className="grid grid-cols-[4rem_1fr] gap-x-2 gap-y-1 border-t border-neutral-200 px-3 py-2 text-neutral-600">
        <dt className="text-neutral-400">input</dt>
        <dd className="min-w-0 break-words">{summarize(part.input)}</dd>
        {state === 'output-error' ? (
          <>
            <dt className="text-neutral-400">error</dt>
            <dd className="min-w-0 break-words text-red-700">{part.errorText ?? 'failed'}</dd>
          </>
        ) : part.output !== undefined ? (
          <>
            <dt className="text-neutral-400">output</dt>
            <dd className="min-w-0 break-words">{summarize(part.output)}</dd>
          </>
        ) : null}
      </dl>
      {part.input !== undefined || part.output !== undefined ? (
        <details className="border-t border-neutral-200 px-3 py-1.5">
          <summary className="cursor-pointer text-neutral-400 select-none hover:text-neutral-600">
            details
          </summary>
          {part.input !== undefined ? (
            <pre className="mt-1 max-h-64 overflow-auto rounded bg-white p-2 font-mono text-[11px] text-neutral-700">
              {pretty(part.input)}
            </pre>
          ) : null}
          {part.output !== undefined ? (
            <pre className="mt-1 max-h-64 overflow-auto rounded bg-white p-2 font-mono text-[11px] text-neutral-700">
              {pretty(part.output)}
            </pre>
          ) : null}
        </details>
      ) : null}
    </div>
  );
}
