import type { ReactNode } from 'react';

export function SettingsSection({
  title,
  description,
  children,
  testId,
}: {
  title: string;
  description?: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <section
      data-testid={testId}
      className="rounded-xl border border-neutral-200 bg-white p-5 shadow-xs"
    >
      <h2 className="text-base font-semibold text-neutral-900">{title}</h2>
      {description ? <p className="mt-0.5 text-sm text-neutral-500">{description}</p> : null}
      <div className="mt-4">{children}</div>
    </section>
  );
}
