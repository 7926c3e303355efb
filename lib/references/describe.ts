import type { CsvSummary, PdfSummary, PngSummary } from '../ingest/types';

type Described = { name: string; kind: string; summary: Record<string, unknown> };

const kb = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** One line for a person (CLI, system prompt): what the reference is and its most telling facts. */
export function describeReference(r: Described & { bytes?: number }): string {
  const size = r.bytes === undefined ? '' : `, ${kb(r.bytes)}`;
  if (r.kind === 'pdf') {
    const s = r.summary as PdfSummary;
    const headline = s.headline ? `, headline "${s.headline.text}"` : '';
    return `${r.name}: PDF, ${s.pages} page${s.pages === 1 ? '' : 's'}${size}${headline}`;
  }
  if (r.kind === 'csv') {
    const s = r.summary as CsvSummary;
    const cols = s.columns.map((c) => c.name);
    const shown = cols.length > 6 ? `${cols.slice(0, 6).join(', ')}, …` : cols.join(', ');
    return `${r.name}: CSV, ${s.rows.toLocaleString('en')} row${s.rows === 1 ? '' : 's'} × ${cols.length} column${cols.length === 1 ? '' : 's'} (${shown})${size}`;
  }
  const s = r.summary as PngSummary;
  const palette = s.palette.length ? `, palette ${s.palette.map((p) => p.hex).join(' ')}` : '';
  return `${r.name}: PNG, ${s.width}×${s.height}${size}${palette}${s.recipe ? `, ${s.recipe.source} recipe` : ''}`;
}
