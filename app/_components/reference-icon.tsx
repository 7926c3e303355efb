import type { ReferenceKind } from '../_lib/references';

const STYLE: Record<ReferenceKind, string> = {
  pdf: 'bg-red-50 text-red-700 ring-red-200',
  csv: 'bg-emerald-50 text-emerald-700 ring-emerald-200',
  png: 'bg-sky-50 text-sky-700 ring-sky-200',
};

/** A small badge naming the file kind. */
export function ReferenceIcon({ kind }: { kind: ReferenceKind | null }) {
  const style = kind ? STYLE[kind] : 'bg-neutral-100 text-neutral-500 ring-neutral-200';
  return (
    <span
      aria-hidden
      className={`inline-flex h-7 w-8 shrink-0 items-center justify-center rounded-md text-[10px] font-semibold tracking-wide ring-1 ${style}`}
    >
      {kind ? kind.toUpperCase() : 'FILE'}
    </span>
  );
}
