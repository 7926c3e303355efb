/** Labelled values as a definition list, two columns. */
export function FactList({
  rows,
  testId,
}: {
  rows: Array<{ label: string; value: string }>;
  testId?: string;
}) {
  return (
    <dl data-testid={testId} className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
      {rows.map((r) => (
        <div key={r.label} className="contents">
          <dt className="text-neutral-500">{r.label}</dt>
          <dd className="min-w-0 break-words text-neutral-900">{r.value}</dd>
        </div>
      ))}
    </dl>
  );
}
