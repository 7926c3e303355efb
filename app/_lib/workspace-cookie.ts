/**
 * The workspace chosen in this browser, kept in localStorage (the client's own record) and in this
 * cookie, so that the server renders the sidebar for the same workspace the client will show.
 */
export const WORKSPACE_COOKIE = 'atelier_workspace';

/** The workspace a page opens on: the one chosen here if it is still the person's, else their own. */
export function pickWorkspace(
  list: { id: string; personal?: boolean }[],
  preferred: string | null,
): string | null {
  if (preferred && list.some((w) => w.id === preferred)) return preferred;
  return (list.find((w) => w.personal) ?? list[0])?.id ?? null;
}

const YEAR_S = 365 * 24 * 60 * 60;

export function writeWorkspaceCookie(id: string): void {
  if (typeof document === 'undefined') return;
  const secure = window.location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${WORKSPACE_COOKIE}=${encodeURIComponent(id)}; Path=/; SameSite=Lax; Max-Age=${YEAR_S}${secure}`;
}
