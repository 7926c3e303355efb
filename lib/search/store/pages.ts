import { and, asc, desc, eq, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client';
import { chunks, webSources } from '../../../db/schema';
import { notFound } from '../../errors';
import { extractDocument } from '../extract';
import { displayUrl, FetchError } from '../fetch/errors';
import type { SafeFetcher } from '../fetch/fetcher';
import type { Passage, SourceKind, StoredPage } from '../types';

export type PageStore = {
  db: Db;
  workspaceId: string;
  /** Absent in a replay: then only stored pages can be read. */
  fetcher: SafeFetcher | null;
  /** A stored copy checked this recently is used without asking the site again. */
  freshMs: number;
};

type SourceRow = typeof webSources.$inferSelect;

/**
 * The stored page for a URL: fresh from the database, revalidated with ETag/Last-Modified, or
 * fetched, extracted and stored (one immutable row per content version, with its passages).
 */
export async function readWebPage(
  store: PageStore,
  rawUrl: string,
  signal?: AbortSignal,
): Promise<StoredPage> {
  const url = normalizeUrl(rawUrl);
  const latest = await latestVersion(store.db, store.workspaceId, url);
  if (latest && Date.now() - latest.checkedAt.getTime() < store.freshMs)
    return toPage(store.db, latest);
  if (!store.fetcher) {
    if (latest) return toPage(store.db, latest);
    throw new FetchError(
      'network',
      url,
      `${displayUrl(url)} is not stored and this run cannot fetch`,
    );
  }
  const fetched = await store.fetcher.fetch(url, { validators: latest ?? undefined, signal });
  if (fetched.notModified && latest) return toPage(store.db, await touch(store.db, latest.id));
  if (fetched.status < 200 || fetched.status >= 300) {
    throw new FetchError(
      'status',
      url,
      `${displayUrl(fetched.finalUrl)} answered HTTP ${fetched.status}`,
    );
  }
  const [same] = await store.db
    .select()
    .from(webSources)
    .where(
      and(
        eq(webSources.workspaceId, store.workspaceId),
        eq(webSources.url, url),
        eq(webSources.sha256, fetched.sha256),
      ),
    );
  if (same) return toPage(store.db, await touch(store.db, same.id, fetched));
  const doc = extractDocument(fetched.body, fetched.mime, fetched.charset, fetched.finalUrl);
  const row = await store.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(webSources)
      .values({
        workspaceId: store.workspaceId,
        url,
        finalUrl: fetched.finalUrl,
        canonicalUrl: doc.canonicalUrl,
        status: fetched.status,
        contentType: fetched.mime,
        title: doc.title,
        byline: doc.byline,
        publishedAt: doc.publishedAt,
        lang: doc.lang,
        sha256: fetched.sha256,
        bytes: fetched.bytes,
        etag: fetched.etag,
        lastModified: fetched.lastModified,
        text: doc.text,
        links: doc.links,
        note: doc.note,
        fetchedAt: fetched.fetchedAt,
        checkedAt: fetched.fetchedAt,
      })
      .onConflictDoNothing()
      .returning();
    // A concurrent reader stored the same version first: use its row.
    if (!inserted) return null;
    if (doc.chunks.length) {
      await tx.insert(chunks).values(
        doc.chunks.map((c) => ({
          workspaceId: store.workspaceId,
          sourceKind: 'web' as const,
          sourceId: inserted.id,
          ordinal: c.ordinal,
          heading: c.heading,
          text: c.text,
          charStart: c.start,
          charEnd: c.end,
        })),
      );
    }
    return inserted;
  });
  if (row) return toPage(store.db, row);
  const [winner] = await store.db
    .select()
    .from(webSources)
    .where(
      and(
        eq(webSources.workspaceId, store.workspaceId),
        eq(webSources.url, url),
        eq(webSources.sha256, fetched.sha256),
      ),
    );
  return toPage(store.db, winner);
}

export function normalizeUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new FetchError('scheme', raw, `"${raw.slice(0, 200)}" is not a valid URL`);
  }
  u.hash = '';
  return u.href;
}

async function latestVersion(
  db: DbOrTx,
  workspaceId: string,
  url: string,
): Promise<SourceRow | null> {
  const [row] = await db
    .select()
    .from(webSources)
    .where(
      and(
        eq(webSources.workspaceId, workspaceId),
        or(eq(webSources.url, url), eq(webSources.finalUrl, url)),
      ),
    )
    // The row stored for this very URL before one that only redirected to it (a redirect stores
    // its own row with the same text): else a later run reads another row for the same page.
    .orderBy(sql`${webSources.url} = ${url} desc`, desc(webSources.checkedAt))
    .limit(1);
  return row ?? null;
}

async function touch(
  db: Db,
  id: string,
  fresh?: { etag: string | null; lastModified: string | null },
): Promise<SourceRow> {
  const [row] = await db
    .update(webSources)
    .set({
      checkedAt: new Date(),
      ...(fresh ? { etag: fresh.etag, lastModified: fresh.lastModified } : {}),
    })
    .where(eq(webSources.id, id))
    .returning();
  return row;
}

export async function passagesOf(
  db: DbOrTx,
  kind: SourceKind,
  sourceId: string,
): Promise<Passage[]> {
  const rows = await db
    .select({
      id: chunks.id,
      ordinal: chunks.ordinal,
      heading: chunks.heading,
      text: chunks.text,
      start: chunks.charStart,
      end: chunks.charEnd,
    })
    .from(chunks)
    .where(and(eq(chunks.sourceKind, kind), eq(chunks.sourceId, sourceId)))
    .orderBy(asc(chunks.ordinal));
  return rows.map((r) => ({
    chunkId: r.id,
    sourceKind: kind,
    sourceId,
    ordinal: r.ordinal,
    heading: r.heading,
    text: r.text,
    start: r.start,
    end: r.end,
  }));
}

async function toPage(db: DbOrTx, row: SourceRow): Promise<StoredPage> {
  return {
    sourceKind: 'web',
    sourceId: row.id,
    url: row.url,
    finalUrl: row.finalUrl,
    status: row.status,
    title: row.title,
    contentType: row.contentType,
    sha256: row.sha256,
    fetchedAt: row.fetchedAt,
    byline: row.byline,
    publishedAt: row.publishedAt,
    lang: row.lang,
    canonicalUrl: row.canonicalUrl,
    text: row.text,
    links: row.links,
    note: row.note,
    passages: await passagesOf(db, 'web', row.id),
  };
}

/** A stored source of this workspace by kind and id (references carry only their passages here). */
export async function loadStoredPage(
  db: DbOrTx,
  workspaceId: string,
  kind: SourceKind,
  sourceId: string,
): Promise<StoredPage> {
  if (kind === 'web') {
    const [row] = await db
      .select()
      .from(webSources)
      .where(and(eq(webSources.id, sourceId), eq(webSources.workspaceId, workspaceId)));
    if (!row) throw notFound('source');
    return toPage(db, row);
  }
  const passages = await passagesOf(db, kind, sourceId);
  const [first] = await db
    .select({ ws: chunks.workspaceId })
    .from(chunks)
    .where(and(eq(chunks.sourceKind, kind), eq(chunks.sourceId, sourceId)))
    .limit(1);
  if (!first || first.ws !== workspaceId) throw notFound('reference');
  const text = passages.map((p) => p.text).join('\n\n');
  return {
    sourceKind: kind,
    sourceId,
    url: referenceUrl(sourceId),
    finalUrl: referenceUrl(sourceId),
    status: 200,
    title: passages[0]?.heading ?? 'Reference',
    contentType: 'reference',
    sha256: '',
    fetchedAt: new Date(0),
    byline: null,
    publishedAt: null,
    lang: null,
    canonicalUrl: null,
    text,
    links: [],
    note: null,
    passages,
  };
}

export const referenceUrl = (id: string) => `reference:${id}`;
