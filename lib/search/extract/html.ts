import { isProbablyReaderable, Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { type Block, blocksOf, normalizeSpace } from './blocks';

export type PageMeta = {
  title: string;
  byline: string | null;
  publishedAt: string | null;
  lang: string | null;
  canonicalUrl: string | null;
};

/** `noindex`: the page asks search engines to leave it out (`<meta name="robots" content="noindex">`). */
export type ExtractedHtml = PageMeta & { blocks: Block[]; links: string[]; noindex: boolean };

// Removed before Readability sees the page: nothing executable or embedded survives into the text.
const STRIP =
  'script, style, noscript, iframe, frame, frameset, object, embed, template, applet, link[rel=import]';
const MAX_LINKS = 500;

type Doc = ReturnType<typeof parseHTML>['document'];

/** Readability over linkedom: the article's blocks, the page's metadata and its outgoing links. */
export function extractHtml(html: string, pageUrl: string): ExtractedHtml {
  const { document } = parseHTML(html);
  const links = linksOf(document, pageUrl);
  const meta = metaOf(document, pageUrl);
  const noindex = noindexOf(document);
  for (const el of Array.from(document.querySelectorAll(STRIP))) el.remove();
  let article: ReturnType<Readability<unknown>['parse']> = null;
  // Short pages and link lists are not articles: Readability would keep their menus.
  if (isProbablyReaderable(document as unknown as Document)) {
    try {
      article = new Readability(document as unknown as Document, {
        serializer: (node) => node,
        charThreshold: 200,
      }).parse();
    } catch {
      article = null;
    }
  }
  let blocks = article?.content
    ? blocksOf(article.content as unknown as Parameters<typeof blocksOf>[0])
    : [];
  if (!blocks.length) {
    const body = bodyOf(html);
    blocks = body ? blocksOf(body) : [];
  }
  return {
    title: clean(article?.title) ?? meta.title,
    byline: clean(article?.byline) ?? meta.byline,
    publishedAt: clean(article?.publishedTime) ?? meta.publishedAt,
    lang: clean(article?.lang) ?? meta.lang,
    canonicalUrl: meta.canonicalUrl,
    blocks,
    links,
    noindex,
  };
}

/** A fresh, stripped body for pages Readability finds no article in (short pages, lists). */
function bodyOf(html: string) {
  const { document } = parseHTML(html);
  for (const el of Array.from(document.querySelectorAll(`${STRIP}, nav, header, footer, aside`)))
    el.remove();
  return document.body as unknown as Parameters<typeof blocksOf>[0] | null;
}

const clean = (s: string | null | undefined) => {
  const v = s ? normalizeSpace(s) : '';
  return v ? v.slice(0, 500) : null;
};

function metaOf(document: Doc, pageUrl: string): PageMeta {
  const content = (selector: string) =>
    clean(document.querySelector(selector)?.getAttribute('content'));
  const canonical = document.querySelector('link[rel~="canonical"]')?.getAttribute('href');
  return {
    title:
      content('meta[property="og:title"]') ??
      clean(document.querySelector('title')?.textContent) ??
      new URL(pageUrl).hostname,
    byline: content('meta[name="author"]') ?? content('meta[property="article:author"]'),
    publishedAt:
      content('meta[property="article:published_time"]') ??
      content('meta[name="date"]') ??
      clean(document.querySelector('time[datetime]')?.getAttribute('datetime')),
    lang:
      clean(document.documentElement?.getAttribute('lang')) ??
      content('meta[http-equiv="content-language" i]'),
    canonicalUrl: canonical ? absoluteHttp(canonical, pageUrl) : null,
  };
}

/** A print-all view or a table of contents repeats other pages; sites mark them like this. */
function noindexOf(document: Doc): boolean {
  return Array.from(document.querySelectorAll('meta[name="robots" i]')).some((m) =>
    /\b(?:noindex|none)\b/i.test(m.getAttribute('content') ?? ''),
  );
}

function linksOf(document: Doc, pageUrl: string): string[] {
  const base = document.querySelector('base[href]')?.getAttribute('href');
  const from = base ? (absoluteHttp(base, pageUrl) ?? pageUrl) : pageUrl;
  const seen = new Set<string>();
  for (const a of Array.from(document.querySelectorAll('a[href]'))) {
    if (/\bnofollow\b/i.test(a.getAttribute('rel') ?? '')) continue;
    const href = absoluteHttp(a.getAttribute('href') ?? '', from);
    if (href) seen.add(href);
    if (seen.size >= MAX_LINKS) break;
  }
  return [...seen];
}

/** An absolute http(s) URL without its fragment, or null. */
export function absoluteHttp(href: string, base: string): string | null {
  try {
    const u = new URL(href.trim(), base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = '';
    return u.href;
  } catch {
    return null;
  }
}
