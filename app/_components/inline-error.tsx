import { sentence } from '../_lib/sentence';

/**
 * A failure shown where it happened: one red box, capitalised, announced to screen readers;
 * `className` places it (margins). With `onRetry`, a "Try again" button that repeats the load.
 */
export function InlineError({
  message,
  testId,
  size = 'sm',
  className = '',
  onRetry,
}: {
  message: string | null | undefined;
  testId?: string;
  size?: 'sm' | 'xs';
  className?: string;
  onRetry?: () => void;
}) {
  if (!message) return null;
  return (
    <div
      role="alert"
      data-testid={testId}
      className={`flex flex-wrap items-center justify-between gap-x-3 gap-y-1 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-red-700 ${size === 'xs' ? 'text-xs' : 'text-sm'} ${className}`}
    >
      <p>{sentence(message)}</p>
      {onRetry ? (
        <button
          type="button"
          onClick={onRetry}
          data-testid="retry"
          className="font-medium underline underline-offset-2 hover:text-red-900"
        >
          Try again
        </button>
      ) : null}
    </div>
  );
}
