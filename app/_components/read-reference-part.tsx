'use client';

import type { ReadReferenceItem, ReadReferenceOutput } from '../_lib/references';
import { parseCiteLabel } from '../_lib/references';
import { ReferenceCiteButton } from './citation-button';
import { InlineError } from './inline-error';
import { useOpenReference } from './reference-context';
import { ReferenceIcon } from './reference-icon';

type Part = { state?: string; output?: unknown; errorText?: string };

/** A fact's citation label, as a chip that opens the reference at the place the label names. */
function CiteChip({ id, cite }: { id: string; cite: string }) {
  const open = useOpenReference();
  if (!open) return <span className="font-mono text-neutral-500">{cite}</span>;
  const place = parseCiteLabel(cite)?.place ?? null;
  return <ReferenceCiteButton label={cite} onOpen={() => open(id, place)} />;
}

function Fact({
  r,
  label,
  cite,
  text,
}: {
  r: ReadReferenceItem;
  label: string;
  cite: string;
  text: string;
}) {
  return (
    <li className="flex items-baseline gap-1.5">
      <span className="w-24 shrink-0 text-neutral-400">{label}</span>
      <span className="min-w-0 flex-1 text-neutral-700">{text}</span>
      <CiteChip id={r.id} cite={cite} />
    </li>
  );
}

/** What read_reference read, each fact with the chip that opens the reference where it came from. */
export function ReadReferencePart({ part }: { part: Part }) {
  const out = part.output as ReadReferenceOutput | undefined;
  if (part.state === 'output-error') {
    return (
      <InlineError
        message={`Reading the references failed: ${part.errorText ?? 'unknown error'}`}
        className="my-2"
      />
    );
  }
  if (!out) {
    return (
      <p data-testid="read-reference-running" className="my-2 text-sm text-neutral-500">
        <span
          className="mr-1.5 inline-block h-2 w-2 animate-pulse rounded-full bg-emerald-400 align-middle"
          aria-hidden
        />
        Reading the references…
      </p>
    );
  }
  return (
    <details
      data-testid="read-reference"
      className="group my-2 rounded-xl border border-neutral-200 bg-white text-xs"
      open
    >
      <summary className="flex cursor-pointer items-center gap-2 px-3 py-2 text-[13px] text-neutral-700 select-none">
        <span className="font-medium">
          Read {out.references.length === 1 ? '1 reference' : `${out.references.length} references`}
        </span>
        <span className="text-neutral-400">{out.references.map((r) => r.name).join(', ')}</span>
      </summary>
      <ul className="space-y-2 border-t border-neutral-100 px-3 py-2">
        {out.references.map((r) => (
          <li key={r.id} className="flex gap-2.5">
            <ReferenceIcon kind={r.kind} />
            <div className="min-w-0 flex-1">
              <p className="font-medium text-neutral-800">{r.name}</p>
              <ul className="mt-1 space-y-1">
                {r.error ? <li className="text-red-700">{r.error}</li> : null}
                {r.headline ? (
                  <Fact r={r} label="Headline" cite={r.headline.cite} text={r.headline.text} />
                ) : null}
                {(r.requirements ?? []).map((q, i) => (
                  <Fact
                    key={i}
                    r={r}
                    label={i === 0 ? 'Requirements' : ''}
                    cite={q.cite}
                    text={q.text}
                  />
                ))}
                {r.row ? (
                  <Fact
                    r={r}
                    label={`Row ${r.row.n}`}
                    cite={r.row.cite}
                    text={r.row.copy ? r.row.copy.text : Object.values(r.row.values).join(' · ')}
                  />
                ) : null}
                {r.text ? <Fact r={r} label="Text" cite={r.text.cite} text={r.text.text} /> : null}
                {r.palette ? (
                  <li className="flex items-center gap-1.5">
                    <span className="w-24 shrink-0 text-neutral-400">Palette</span>
                    <span className="flex min-w-0 flex-1 flex-wrap gap-1">
                      {r.palette.swatches.slice(0, 6).map((s) => (
                        <span
                          key={s.hex}
                          className="inline-flex items-center gap-1 rounded border border-neutral-200 px-1 py-0.5 font-mono text-[11px] text-neutral-600"
                        >
                          <svg viewBox="0 0 10 10" className="h-2.5 w-2.5 rounded-sm" aria-hidden>
                            <rect width="10" height="10" fill={s.hex} />
                          </svg>
                          {s.hex}
                        </span>
                      ))}
                    </span>
                    <CiteChip id={r.id} cite={r.palette.cite} />
                  </li>
                ) : null}
              </ul>
            </div>
          </li>
        ))}
      </ul>
    </details>
  );
}
