// A small cache for data that carries a version (the catalog): stale entries are never served.

/**
 * Per-key maps that are thrown away when the key's version moves; the least recently used keys go
 * first beyond `maxKeys` (a node serving thousands of outlets keeps the busy ones).
 */
export function createVersionedCache<V>(maxKeys: number) {
  const entries = new Map<string, { version: string; values: Map<string, V> }>();
  return {
    entry(key: string, version: string): Map<string, V> {
      let e = entries.get(key);
      entries.delete(key);
      if (!e || e.version !== version) {
        e = { version, values: new Map() };
      }
      entries.set(key, e);
      if (entries.size > maxKeys) {
        entries.delete(entries.keys().next().value!);
      }
      return e.values;
    },
  };
}

/** Cached values are shared by requests: frozen, so no caller can change another's. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) {
      deepFreeze(v);
    }
  }
  return value;
}
