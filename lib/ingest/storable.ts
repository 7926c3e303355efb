// What a parse worker sends back, made fit for PostgreSQL whatever the file held.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * PostgreSQL text and jsonb hold neither U+0000 nor lone surrogates, whatever a file contained.
 * (Parsers drop NULs before computing offsets; this is the last guard, and keeps string lengths
 * except for NULs.)
 */
export function storable<T>(v: T): T {
  if (typeof v === 'string')
    return v.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\uFFFD') as T;
  // Bytes and numbers (a drawn image, a CSV part's row offsets): copied across as they are.
  if (ArrayBuffer.isView(v)) return v;
  if (Array.isArray(v)) return v.map(storable) as T;
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [storable(k), storable(x)])) as T;
  return v;
}
