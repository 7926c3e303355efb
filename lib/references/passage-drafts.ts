import { eq, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { chunks, passageDrafts } from '../../db/schema';
import type { Passage } from '../ingest/types';

/** Rows per INSERT (7 parameters each, far under PostgreSQL's 65,535). */
const ROWS_PER_INSERT = 500;
/**
 * Text gathered before an INSERT is sent: each statement has a fixed cost (about 0.7 ms on embedded
 * PGlite, so a write per PDF page doubled the work), and what is still gathered when the parse ends
 * is written in the ingest's final step.
 */
const CHARS_PER_INSERT = 32 * 1024;

/**
 * A reference's passages as the parse worker sends them, written to `passage_drafts` while it goes on
 * (the database computes each text-search vector then, beside the parse), in batches, one INSERT at
 * a time.
 */
export class PassageDrafts {
  private pending: Passage[] = [];
  private pendingChars = 0;
  private writing: Promise<void> | undefined;
  private error: unknown;
  private ordinal = 0;

  /** `ingestId` is the id the reference row will have; headings are prefixed with the file's name. */
  constructor(
    private readonly db: DbOrTx,
    readonly ingestId: string,
    private readonly name: string,
  ) {}

  readonly add = (batch: Passage[], last = false): void => {
    this.pending.push(...batch);
    for (const p of batch) this.pendingChars += p.text.length;
    if (last || this.pendingChars >= CHARS_PER_INSERT) this.write();
  };

  private write(): void {
    this.writing ??= this.drain().finally(() => (this.writing = undefined));
  }

  private async drain(): Promise<void> {
    while (this.pending.length && this.error === undefined) {
      const batch = this.pending.splice(0, ROWS_PER_INSERT);
      for (const p of batch) this.pendingChars -= p.text.length;
      const rows = batch.map((p) => ({
        ingestId: this.ingestId,
        ordinal: this.ordinal++,
        heading: `${this.name} ${p.heading}`,
        text: p.text,
        charStart: p.charStart,
        charEnd: p.charEnd,
      }));
      await this.db
        .insert(passageDrafts)
        .values(rows)
        .catch((err: unknown) => void (this.error = err));
    }
  }

  /** Writes what is gathered and waits until everything sent so far is written; rejects if a write failed. */
  async flush(): Promise<void> {
    if (this.pending.length) this.write();
    while (this.writing) await this.writing;
    if (this.error !== undefined) throw this.error;
  }

  /**
   * Inside the ingest's transaction, after `flush` (which must come before it: embedded PGlite runs
   * nothing outside an open transaction): the drafts become the reference's chunks, vectors and all.
   */
  async promote(tx: DbOrTx, workspaceId: string): Promise<void> {
    if (this.pending.length || this.writing) throw new Error('passage drafts must be flushed before they are promoted');
    const d = passageDrafts;
    await tx.insert(chunks).select(
      tx
        .select({
          id: sql`gen_random_uuid()`.as('id'),
          workspaceId: sql`${workspaceId}::uuid`.as('workspace_id'),
          sourceKind: sql`'reference'`.as('source_kind'),
          sourceId: d.ingestId,
          ordinal: d.ordinal,
          heading: d.heading,
          text: d.text,
          charStart: d.charStart,
          charEnd: d.charEnd,
          tsv: d.tsv,
        })
        .from(d)
        .where(eq(d.ingestId, this.ingestId)),
    );
    await tx.delete(d).where(eq(d.ingestId, this.ingestId));
  }

  /** After a failed ingest: nothing of it stays behind. */
  async discard(): Promise<void> {
    await this.flush().catch(() => undefined);
    await this.db.delete(passageDrafts).where(eq(passageDrafts.ingestId, this.ingestId));
  }
}

/**
 * What ingests of a dead process left, run when the database is opened: drafts older than `olderThanMs`
 * (0 for embedded PGlite, which one process holds; on a shared server, longer than any parse may run).
 */
export async function sweepStaleDrafts(db: DbOrTx, olderThanMs: number): Promise<void> {
  await db.delete(passageDrafts).where(lt(passageDrafts.createdAt, sql`now() - make_interval(secs => ${olderThanMs / 1000})`));
}
