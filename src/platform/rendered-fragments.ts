/**
 * Parts of pages kept as rendered HTML, by a key that says everything they were rendered from
 * (a plan's revision, the day, the filters). A key that has changed is simply never asked for
 * again; the oldest entries go once the store passes its size. Per process, and only ever a
 * shortcut: the page renders the same HTML without it.
 */
export function createFragmentStore(options: { maxEntries: number; maxBytes: number }) {
  const entries = new Map<string, string>();
  let bytes = 0;

  return {
    /** The fragment kept under `key`, if there is one. */
    find(key: string): string | undefined {
      const kept = entries.get(key);
      if (kept !== undefined) {
        // Most recently used last, so the oldest go first.
        entries.delete(key);
        entries.set(key, kept);
      }
      return kept;
    },

    /** Keeps `html` under `key` (the key it was rendered from), and returns it. */
    keep(key: string, html: string): string {
      if (html.length > options.maxBytes || entries.has(key)) return html;
      entries.set(key, html);
      bytes += html.length;
      for (const [oldest, value] of entries) {
        if (entries.size <= options.maxEntries && bytes <= options.maxBytes) break;
        entries.delete(oldest);
        bytes -= value.length;
      }
      return html;
    },

    get size(): number {
      return entries.size;
    },
  };
}
