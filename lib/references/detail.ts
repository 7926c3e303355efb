import { z } from 'zod';
import type { Db } from '../../db/client';
import type { Principal } from '../conversations/service';
import { loadReference } from './access';
import { citeLabel } from './cite';
import { readPage, readRow } from './excerpt';
import { referenceView } from './view';

export const Place = z.object({
  page: z.coerce.number().int('page must be a whole number').positive('pages count from 1').optional(),
  row: z.coerce.number().int('row must be a whole number').positive('rows count from 1').optional(),
});

/** Metadata and extraction summary, and with `page` or `row` the text a citation points at. */
export async function referenceDetail(db: Db, who: Principal, id: string, at: z.infer<typeof Place>) {
  const r = await loadReference(db, who, id, 'viewer');
  const reference = referenceView(r);
  if (at.page !== undefined) return { reference, excerpt: { cite: citeLabel(r.name, { page: at.page }), ...(await readPage(db, r, at.page)) } };
  if (at.row !== undefined) return { reference, excerpt: { cite: citeLabel(r.name, { row: at.row }), ...(await readRow(r, at.row)) } };
  return { reference };
}
