/**
 * The server's HTML of each rendered markdown message, read from the document by name (the
 * `data-md` the message is written with). Hydration can begin while the document is still
 * arriving, so a name not found yet is looked up again when asked next; a name found is kept, as
 * the same name always renders the same HTML and React may replace the element later. The text
 * shown as written (`whitespace-pre-wrap`: the server had not rendered it) does not count.
 */
export function serverHtmlReader(doc: ParentNode): (name: string) => string | undefined {
  const found = new Map<string, string>();
  return (name) => {
    const kept = found.get(name);
    if (kept !== undefined) return kept;
    const html = doc.querySelector(
      `[data-md="${name}"] > .md:not(.whitespace-pre-wrap)`,
    )?.innerHTML;
    if (html !== undefined) found.set(name, html);
    return html;
  };
}
