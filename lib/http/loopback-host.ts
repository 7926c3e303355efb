// DNS rebinding: a page on another site can have its name resolve to 127.0.0.1 and then talk to a
// server that listens there as if it were same-origin (its Origin and Host then agree). A server
// bound to loopback only therefore answers only to loopback names.

const LOOPBACK_NAME = /^(?:localhost|[\w-]+\.localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

/** The host part of a Host header (`name:port`, `[v6]:port`). */
function hostName(header: string): string {
  const h = header.trim();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  return colon > 0 && h.indexOf(':') === colon ? h.slice(0, colon) : h;
}

/** Whether a request naming `hostHeader` is answered by a server bound to `bindHost`. */
export function acceptsHost(bindHost: string, hostHeader: string | undefined): boolean {
  if (!LOOPBACK_NAME.test(bindHost)) return true;
  return hostHeader !== undefined && LOOPBACK_NAME.test(hostName(hostHeader));
}
