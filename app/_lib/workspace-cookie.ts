/**
 * The workspace chosen in this browser, kept in localStorage (the client's own record) and in this
 * cookie, so that the server renders the sidebar for the same workspace the client will show.
 */
export const WORKSPACE_COOKIE = 'atelier_workspace';

const YEAR_S = 365 * 24 * 60 * 60;

export function writeWorkspaceCookie(id: string): void {
  if (typeof document === 'undefined') return;
  const secure = window.location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${WORKSPACE_COOKIE}=${encodeURIComponent(id)}; Path=/; SameSite=Lax; Max-Age=${YEAR_S}${secure}`;
}
