import { setImmediate as nextTurn } from 'node:timers/promises';
import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { chunks, passageDrafts } from '../../db/schema';
import type { Passage } from '../ingest/types';

/** Rows per INSERT at most. */
const ROWS_PER_INSERT = 500;
/**
 * Text gathered before an INSERT is sent. Each statement has a fixed cost, which on embedded PGlite
 * outweighs a PDF page's rows; but PGlite runs a statement (to_tsvector included) in WebAssembly on
 * the server's own thread, so a larger batch holds every other request up for longer. What is still
 * gathered when the parse ends is written in the ingest's final step.
 */
const CHARS_PER_INSERT = 8 * 1024;
/** Drafts moved into `chunks` per statement when a reference is committed, for the same reason. */
const ROWS_PER_PROMOTE = 64;

/**
 * A reference's passages as the parse worker sends them, written to `passage_drafts` while it goes on
 * (the database computes each text-search vector then, beside the parse), in batches, one INSERT at
 * a time.
 */
export class PassageDrafts {
  private pending: Array<Passage & { part: number; ordinal: number }> = [];
  private pendingChars = 0;
  private writing: Promise<void> | undefined;
  private error: unknown;
  /** The next ordinal of each part. */
  private readonly ordinals: number[] = [];

  /** `ingestId` is the id the reference row will have; headings are prefixed with the file's name. */
  constructor(
    private readonly db: DbOrTx,
    readonly ingestId: string,
    private readonly name: string,
  ) {}

  readonly add = (batch: Passage[], last = false, part = 0): void => {
    for (const p of batch) {
      this.ordinals[part] ??= 0;
      this.pending.push({ ...p, part, ordinal: this.ordinals[part]++ });
      this.pendingChars += p.text.length;
    }
    if (last || this.pendingChars >= CHARS_PER_INSERT) this.write();
  };

  private write(): void {
    this.writing ??= this.drain().finally(() => (this.writing = undefined));
  }

  private async drain(): Promise<void> {
    while (this.pending.length && this.error === undefined) {
      // What arrived while the last statement ran is sent in more than one, each of the size above.
      let take = 0;
      let chars = 0;
      while (take < this.pending.length && take < ROWS_PER_INSERT && chars < CHARS_PER_INSERT)
        chars += this.pending[take++].text.length;
      const batch = this.pending.splice(0, take);
      this.pendingChars -= chars;
      // One JSON parameter rather than seven per row: about a fifth less work for embedded PGlite.
      const rows = JSON.stringify(
        batch.map((p) => ({
          p: p.part,
          o: p.ordinal,
          h: `${this.name} ${p.heading}`,
          t: p.text,
          s: p.charStart,
          e: p.charEnd,
        })),
      );
      await this.db
        .execute(
          sql`insert into passage_drafts (ingest_id, part, ordinal, heading, text, char_start, char_end)
            select ${this.ingestId}::uuid, p, o, h, t, s, e from json_to_recordset(${rows}::json) as r(p smallint, o int, h text, t text, s int, e int)`,
        )
        .catch((err: unknown) => void (this.error = err));
      // A statement's promise resolves in a microtask: without this, back-to-back inserts on PGlite
      // would keep the event loop from other requests until the last of them.
      await nextTurn();
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
   * nothing outside an open transaction): the drafts become the reference's chunks, vectors and all,
   * numbered in order across parts, with offsets placed by `partBases` (where each part starts).
   */
  async promote(tx: DbOrTx, workspaceId: string, partBases: number[] = [0]): Promise<void> {
    if (this.pending.length || this.writing)
      throw new Error('passage drafts must be flushed before they are promoted');
    const d = passageDrafts;
    // Numbered across parts in order: each part's drafts follow those of the parts before it.
    let first = 0;
    for (const [part, count = 0] of this.ordinals.entries()) {
      for (let from = 0; from < count; from += ROWS_PER_PROMOTE) {
        await tx.insert(chunks).select(
          tx
            .select({
              id: sql`gen_random_uuid()`.as('id'),
              workspaceId: sql`${workspaceId}::uuid`.as('workspace_id'),
              sourceKind: sql`'reference'`.as('source_kind'),
              sourceId: d.ingestId,
              ordinal: sql<number>`(${d.ordinal} + ${first})::int`.as('ordinal'),
              heading: d.heading,
              text: d.text,
              charStart: sql<number>`${d.charStart} + ${partBases[part] ?? 0}`.as('char_start'),
              charEnd: sql<number>`${d.charEnd} + ${partBases[part] ?? 0}`.as('char_end'),
              tsv: d.tsv,
            })
            .from(d)
            .where(
              and(
                eq(d.ingestId, this.ingestId),
                eq(d.part, part),
                gte(d.ordinal, from),
                lt(d.ordinal, from + ROWS_PER_PROMOTE),
              ),
            ),
        );
        await nextTurn();
      }
      first += count;
    }
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
  await db
    .delete(passageDrafts)
    .where(lt(passageDrafts.createdAt, sql`now() - make_interval(secs => ${olderThanMs / 1000})`));
}
