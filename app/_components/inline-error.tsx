import { sentence } from '../_lib/sentence';

/** A failure shown where it happened: one red box, capitalised, announced to screen readers; `className` places it (margins). */
export function InlineError({
  message,
  testId,
  size = 'sm',
  className = '',
}: {
  message: string | null | undefined;
  testId?: string;
  size?: 'sm' | 'xs';
  className?: string;
}) {
  if (!message) return null;
  return (
    <p
      role="alert"
      data-testid={testId}
      className={`rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-red-700 ${size === 'xs' ? 'text-xs' : 'text-sm'} ${className}`}
    >
      {sentence(message)}
    </p>
  );
}
