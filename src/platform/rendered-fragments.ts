/**
 * Parts of pages kept as rendered HTML, by a key that says everything they were rendered from
 * (a plan's revision, the day, the filters). A key that has changed is simply never asked for
 * again; the oldest entries go once the store passes its size. Per process, and only ever a
 * shortcut: the page renders the same HTML without it.
 */
export function createFragmentStore<Meta = void>(options: { maxEntries: number; maxBytes: number }) {
  const entries = new Map<string, KeptHtml<Meta>>();
  let bytes = 0;

  return {
    /** The fragment kept under `key`, if there is one. */
    find(key: string): KeptHtml<Meta> | undefined {
      const kept = entries.get(key);
      if (kept !== undefined) {
        // Most recently used last, so the oldest go first.
        entries.delete(key);
        entries.set(key, kept);
      }
      return kept;
    },

    /** Keeps `html` under `key` (the key it was rendered from), and returns it. */
    /** `meta`: what the page around the fragment needs from what it was rendered from (a title). */
    keep(key: string, html: string, meta: Meta): KeptHtml<Meta> {
      const kept = new KeptHtml(html, meta);
      if (kept.bytes.length > options.maxBytes || entries.has(key)) return kept;
      entries.set(key, kept);
      bytes += kept.bytes.length;
      for (const [oldest, value] of entries) {
        if (entries.size <= options.maxEntries && bytes <= options.maxBytes) break;
        entries.delete(oldest);
        bytes -= value.bytes.length;
      }
      return kept;
    },

    get size(): number {
      return entries.size;
    },
  };
}

let keptCount = 0;

/**
 * A kept fragment, encoded as UTF-8 once. A page that includes it renders a short marker in its
 * place (what `toString` gives the template) and `reply.render` writes the bytes there
 * (`spliceKept`). Re-encoding a large fragment inside every page's string was most of the cost
 * of sending it: V8 walks the page's rope of pieces and encodes it again on each response.
 */
export class KeptHtml<Meta = void> {
  readonly bytes: Buffer;
  // A control character the input guard refuses in what people type, so no page text looks like
  // it; escaping leaves it as it is.
  readonly marker = `\u0001kept-${(keptCount += 1)}\u0001`;

  constructor(
    html: string,
    readonly meta: Meta,
  ) {
    this.bytes = Buffer.from(html, 'utf8');
  }

  toString(): string {
    return this.marker;
  }

  /** The HTML itself, for the rare caller that needs the text (tests, a document export). */
  get html(): string {
    return this.bytes.toString('utf8');
  }
}

/** The page with each kept fragment's bytes where its marker was rendered. */
export function spliceKept(page: string, kept: KeptHtml<unknown>[]): Buffer {
  const found = kept
    .flatMap((fragment) => {
      const at = page.indexOf(fragment.marker);
      return at === -1 ? [] : [{ fragment, at }];
    })
    .sort((a, b) => a.at - b.at);
  const parts: Buffer[] = [];
  let from = 0;
  for (const { fragment, at } of found) {
    parts.push(Buffer.from(page.slice(from, at), 'utf8'), fragment.bytes);
    from = at + fragment.marker.length;
  }
  parts.push(Buffer.from(page.slice(from), 'utf8'));
  return Buffer.concat(parts);
}
