/**
 * A date formatter in the reader's locale, built when first used: building an Intl.DateTimeFormat
 * loads locale data (about 25 ms on the chat page's first load), too dear for a module's top level.
 */
export function dateFormatter(options: Intl.DateTimeFormatOptions): (at: Date) => string {
  let format: Intl.DateTimeFormat | undefined;
  return (at) => (format ??= new Intl.DateTimeFormat(undefined, options)).format(at);
}
