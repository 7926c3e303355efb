import { AppError } from '../errors';

const MAX_NAME = 120;
// Control characters and the invisible direction marks that can disguise an extension ("gpj.exe").
const HIDDEN = /[\p{Cc}\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/gu;

export const extensionOf = (name: string) =>
  /\.([A-Za-z0-9]{1,10})$/.exec(name)?.[1].toLowerCase() ?? '';

/**
 * The name a reference is shown and downloaded under: its base name only, without control or
 * direction characters, at most 120 characters (the extension kept). A name that climbs out of its
 * folder is refused rather than quietly repaired: only a crafted request sends one.
 */
export function sanitizeName(raw: string): string {
  const segments = raw.split(/[/\\]/);
  if (segments.some((s) => s.trim() === '..')) {
    throw new AppError(
      'bad_request',
      `the file name "${shown(raw)}" points outside its folder; send the file under its own name`,
    );
  }
  let name = (segments.pop() ?? '')
    .normalize('NFC')
    .replace(HIDDEN, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (name === '.' || /^\.+$/.test(name)) name = '';
  if (name.length > MAX_NAME) {
    const ext = extensionOf(name);
    const keep = ext ? ext.length + 1 : 0;
    name = `${name.slice(0, MAX_NAME - keep).trimEnd()}${ext ? `.${ext}` : ''}`;
  }
  return name;
}

/** A raw name quoted in a message: short and printable. */
export const shown = (raw: string) => {
  const clean = raw.replace(HIDDEN, '?');
  return clean.length > 60 ? `${clean.slice(0, 57)}…` : clean;
};

/** A Content-Disposition value that is safe for any stored name (RFC 6266 / 5987). */
export function contentDisposition(type: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\;]/g, '_');
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
