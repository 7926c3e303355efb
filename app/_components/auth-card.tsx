import type { ReactNode } from 'react';
import { AppLink } from './app-link';

/** The card of the sign-in and sign-up pages; `other` links to the other one under it. */
export function AuthCard({
  title,
  subtitle,
  children,
  other,
}: {
  title: string;
  subtitle?: string;
  children: ReactNode;
  other: { question: string; href: string; label: string };
}) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2">
          <span
            className="flex h-8 w-8 items-center justify-center rounded-lg bg-accent-600 text-sm font-semibold text-white"
            aria-hidden
          >
            A
          </span>
          <span className="text-lg font-semibold tracking-tight text-neutral-900">Atelier</span>
        </div>
        <div className="rounded-xl border border-neutral-200 bg-white p-6 shadow-sm">
          <h1 className="text-lg font-semibold text-neutral-900">{title}</h1>
          {subtitle ? <p className="mt-1 text-sm text-neutral-500">{subtitle}</p> : null}
          <div className="mt-5">{children}</div>
        </div>
        <p className="mt-4 text-center text-sm text-neutral-500">
          {other.question}{' '}
          <AppLink href={other.href} className="font-medium text-accent-700 hover:underline">
            {other.label}
          </AppLink>
        </p>
      </div>
    </main>
  );
}
