import { blocksOfText, normalizeSpace } from './blocks';
import { type Chunk, chunkBlocks } from './chunk';
import { extractHtml, type PageMeta } from './html';

export type ExtractedDoc = PageMeta & {
  /** The reading text every chunk's range points into. */
  text: string;
  chunks: Chunk[];
  links: string[];
  /** Set when the document is kept without text (a PDF). */
  note: string | null;
};

export const NOINDEX_NOTE =
  'the page asks not to be indexed (robots noindex): its text is kept, but it gives no passages to search';

export const PDF_NOTE =
  'PDF text is not extracted from the web; download it and add it with `atelier ingest FILE` (references)';

/** The last path segment, decoded where it can be (a malformed escape stays as written). */
function fileNameOf(url: string): string {
  const u = new URL(url);
  const last = u.pathname.split('/').pop() || u.hostname;
  try {
    return normalizeSpace(decodeURIComponent(last));
  } catch {
    return last;
  }
}

/** Turns a fetched body into metadata, reading text and passages, by media type. */
export function extractDocument(
  body: Buffer,
  mime: string,
  charset: string | null,
  url: string,
): ExtractedDoc {
  if (mime === 'application/pdf') {
    const name = fileNameOf(url);
    return {
      title: name,
      byline: null,
      publishedAt: null,
      lang: null,
      canonicalUrl: null,
      text: '',
      chunks: [],
      links: [],
      note: PDF_NOTE,
    };
  }
  const source = decode(body, charset, mime);
  if (mime === 'text/html' || mime === 'application/xhtml+xml') {
    const { blocks, links, noindex, ...meta } = extractHtml(source, url);
    const { text, chunks } = chunkBlocks(blocks);
    // Still read for its links (noindex is not nofollow), never ranked: a print-all page would
    // repeat every statement of the site under a heading path of its own.
    return noindex
      ? { ...meta, text, chunks: [], links, note: NOINDEX_NOTE }
      : { ...meta, text, chunks, links, note: null };
  }
  const blocks = blocksOfText(source);
  const firstHeading = blocks.find((b) => b.kind === 'heading')?.text;
  return {
    title: firstHeading ?? new URL(url).pathname.split('/').pop() ?? url,
    byline: null,
    publishedAt: null,
    lang: null,
    canonicalUrl: null,
    ...chunkBlocks(blocks),
    links: [],
    note: null,
  };
}

/** The declared charset, else a `<meta charset>` in the first KiB of HTML, else UTF-8. */
export function decode(body: Buffer, charset: string | null, mime: string): string {
  let label = charset;
  if (!label && mime.includes('html')) {
    const head = body.subarray(0, 1024).toString('latin1');
    label = /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1] ?? null;
  }
  try {
    return new TextDecoder(label ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}
