export function BranchSwitcher({
  index,
  count,
  disabled,
  onPrev,
  onNext,
}: {
  index: number;
  count: number;
  disabled?: boolean;
  onPrev: () => void;
  onNext: () => void;
}) {
  const btn =
    'rounded px-1.5 py-0.5 text-sm leading-none text-neutral-500 hover:bg-neutral-100 hover:text-neutral-900 disabled:cursor-not-allowed disabled:text-neutral-300 disabled:hover:bg-transparent';
  return (
    <div className="flex items-center gap-0.5 text-xs text-neutral-500" aria-label="Branches">
      <button
        type="button"
        data-testid="branch-prev"
        className={btn}
        aria-label="Previous branch"
        disabled={disabled || index <= 0}
        onClick={onPrev}
      >
        ‹
      </button>
      <span data-testid="branch-label" className="min-w-8 text-center tabular-nums">
        {index + 1}/{count}
      </span>
      <button
        type="button"
        data-testid="branch-next"
        className={btn}
        aria-label="Next branch"
        disabled={disabled || index >= count - 1}
        onClick={onNext}
      >
        ›
      </button>
    </div>
  );
}
