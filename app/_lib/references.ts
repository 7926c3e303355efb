import type { AttachedReference } from '@/lib/assistant/attachments';
import type { ReadReferenceItem, ReadReferenceOutput } from '@/lib/assistant/tools/read-reference';
import type { CsvSummary, PdfSummary, PngSummary } from '@/lib/ingest/types';
import type { ImagePart, Place } from '@/lib/references/cite';
import type { CsvRow } from '@/lib/references/excerpt';
import type { ReferenceView } from '@/lib/references/view';

export type {
  AttachedReference,
  CsvRow,
  CsvSummary,
  ImagePart,
  PdfSummary,
  PngSummary,
  ReadReferenceItem,
  ReadReferenceOutput,
  ReferenceView,
};
export type ReferenceKind = ReferenceView['kind'];

/** Where the viewer opens a reference: a PDF page, a CSV row, or a PNG's palette. */
export type RefPlace = Place | null;
export type OpenReference = (id: string, place?: RefPlace) => void;

/** What file pickers offer; the server sniffs the content whatever the name says. */
export const ACCEPT_REFERENCES = '.pdf,.csv,.png,application/pdf,text/csv,image/png';

export const KIND_LABEL: Record<ReferenceKind, string> = { pdf: 'PDF', csv: 'CSV', png: 'PNG' };

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** A one-line description: "3 pages", "1,204 rows × 5 columns", "1024×512". */
export function describe(r: Pick<ReferenceView, 'kind' | 'summary'>): string {
  const s = r.summary as Record<string, unknown>;
  if (r.kind === 'pdf') return `${s.pages} page${s.pages === 1 ? '' : 's'}`;
  if (r.kind === 'csv') {
    const cols = (s.columns as unknown[] | undefined)?.length ?? 0;
    return `${Number(s.rows).toLocaleString('en')} rows × ${cols} column${cols === 1 ? '' : 's'}`;
  }
  return `${s.width}×${s.height}`;
}

/** The place at the end of a citation label (`p.2`, `row 14`, `palette`), as lib/references/cite.ts writes it. */
export const CITE_PLACE = String.raw`p\.(\d+)|row (\d+)|(palette|recipe|text)`;
const CITE_LABEL = new RegExp(String.raw`^\[(.+) (?:${CITE_PLACE})\]$`);

/** A citation label's place: `[brief.pdf p.2]` → `{ name: 'brief.pdf', place: { page: 2 } }`. */
export function parseCiteLabel(label: string): { name: string; place: RefPlace } | null {
  const m = CITE_LABEL.exec(label);
  if (!m) return null;
  const place: RefPlace = m[2]
    ? { page: Number(m[2]) }
    : m[3]
      ? { row: Number(m[3]) }
      : { part: m[4] as ImagePart };
  return { name: m[1], place };
}

/** The citation labels of a message's read_reference results, each mapped to the reference it names. */
export function referenceLabels(
  outputs: ReadReferenceOutput[],
): Map<string, { id: string; place: RefPlace }> {
  const map = new Map<string, { id: string; place: RefPlace }>();
  for (const out of outputs) {
    for (const r of out.references) {
      for (const cite of citesOf(r)) {
        const parsed = parseCiteLabel(cite);
        if (parsed) map.set(cite, { id: r.id, place: parsed.place });
      }
    }
  }
  return map;
}

function citesOf(r: ReadReferenceItem): string[] {
  return [
    r.headline?.cite,
    ...(r.requirements ?? []).map((q) => q.cite),
    r.page?.cite,
    r.row?.cite,
    r.palette?.cite,
    r.text?.cite,
  ].filter((c): c is string => Boolean(c));
}
