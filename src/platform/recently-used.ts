/**
 * Values kept by a key that says everything they were worked out from, the most recently used
 * `max` of them (per process, and only ever a shortcut: a key that has changed is never asked
 * for again). Strings of rendered HTML, with a byte budget, have `rendered-fragments.ts`.
 */
export function createRecentlyUsed<V>(max: number) {
  const entries = new Map<string, V>();
  return {
    has(key: string): boolean {
      return entries.has(key);
    },
    get(key: string): V | undefined {
      if (!entries.has(key)) return undefined;
      const value = entries.get(key)!;
      // Most recently used last, so the oldest go first.
      entries.delete(key);
      entries.set(key, value);
      return value;
    },
    set(key: string, value: V): V {
      entries.set(key, value);
      if (entries.size > max) entries.delete(entries.keys().next().value!);
      return value;
    },
  };
}
