import { isLoopbackHost } from './loopback';
import { newToken } from './tokens';

const KEY = Symbol.for('atelier.setupToken');
type Holder = { [KEY]?: string | null };

/**
 * When the server listens beyond loopback, the first (admin) sign-up must present a one-time token
 * that only someone who can read the server log has. Kept on globalThis so the route bundles and the
 * server entry share it.
 */
export function initSetupToken(host: string, hasUsers: boolean): string | null {
  const token = !hasUsers && !isLoopbackHost(host) ? newToken() : null;
  (globalThis as Holder)[KEY] = token;
  return token;
}

export const requiredSetupToken = (): string | null => (globalThis as Holder)[KEY] ?? null;
export const clearSetupToken = () => {
  (globalThis as Holder)[KEY] = null;
};
