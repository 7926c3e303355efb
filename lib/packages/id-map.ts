import { randomUUID } from 'node:crypto';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Ids of the source installation to ids of this one. Every uuid a package holds gets one fresh id,
 * wherever it appears (a row's id, a parent id, an artifact id inside a tool output, the id inside
 * an `/api/artifacts/<id>` URL): rows that came along are found under their new ids, and the ids of
 * rows that did not (search runs, passages) name nothing here, even when the package is imported
 * into the installation that made it.
 */
export class IdMap {
  private readonly ids = new Map<string, string>();

  id(old: string): string {
    const key = old.toLowerCase();
    let id = this.ids.get(key);
    if (!id) {
      id = randomUUID();
      this.ids.set(key, id);
    }
    return id;
  }

  /** `value` (JSON) with every uuid in its strings and keys replaced. */
  remap<T>(value: T): T {
    return this.walk(value) as T;
  }

  private walk(v: unknown): unknown {
    if (typeof v === 'string') return v.replace(UUID, (m) => this.id(m));
    if (Array.isArray(v)) return v.map((x) => this.walk(x));
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => [this.walk(k) as string, this.walk(x)]),
      );
    return v;
  }
}
