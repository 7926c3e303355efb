import { z } from 'zod';
import type { Db } from '../../db/client';
import type { Principal } from '../workspaces/access';
import { loadReference } from './access';
import { citeLabel } from './cite';
import { readPage, readRow, readRows } from './excerpt';
import { referenceView } from './view';

const MAX_WINDOW = 200;

export const Place = z.object({
  page: z.coerce
    .number()
    .int('page must be a whole number')
    .positive('pages count from 1')
    .optional(),
  row: z.coerce.number().int('row must be a whole number').positive('rows count from 1').optional(),
  /** A window of CSV rows for the viewer's table: `from` (from 1) and up to `count` rows. */
  from: z.coerce
    .number()
    .int('from must be a whole number')
    .positive('rows count from 1')
    .optional(),
  count: z.coerce
    .number()
    .int('count must be a whole number')
    .min(1, 'count must be at least 1')
    .max(MAX_WINDOW, `count may be at most ${MAX_WINDOW}`)
    .optional(),
});

/** Metadata and extraction summary, and with `page` or `row` the text a citation points at. */
export async function referenceDetail(
  db: Db,
  who: Principal,
  id: string,
  at: z.infer<typeof Place>,
) {
  const r = await loadReference(db, who, id, 'viewer');
  const reference = referenceView(r);
  if (at.page !== undefined)
    return {
      reference,
      excerpt: { cite: citeLabel(r.name, { page: at.page }), ...(await readPage(db, r, at.page)) },
    };
  if (at.row !== undefined)
    return {
      reference,
      excerpt: { cite: citeLabel(r.name, { row: at.row }), ...(await readRow(r, at.row)) },
    };
  if (at.from !== undefined) return { reference, rows: await readRows(r, at.from, at.count ?? 50) };
  return { reference };
}
