import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFragmentStore, KeptHtml, spliceKept } from './rendered-fragments.ts';

describe('kept fragments', () => {
  it('splices each kept fragment where its marker was rendered, as UTF-8', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.string({ unit: 'grapheme' }), { minLength: 0, maxLength: 3 }),
        (pieces, fragments) => {
          const kept = fragments.map((html) => new KeptHtml(html, undefined));
          // The page: pieces with the markers between them, in a shuffled order.
          const order = [...kept].reverse();
          let page = pieces[0]!;
          let expected = pieces[0]!;
          order.forEach((fragment, index) => {
            const after = pieces[(index + 1) % pieces.length]!;
            page += `${fragment}${after}`;
            expected += `${fragment.html}${after}`;
          });
          expect(spliceKept(page, kept).toString('utf8')).toBe(expected);
        },
      ),
    );
  });

  it('leaves a page that does not show a fragment as it is', () => {
    const kept = new KeptHtml('<table>…</table>', undefined);
    expect(spliceKept('<p>No matrix here’s all</p>', [kept]).toString('utf8')).toBe(
      '<p>No matrix here’s all</p>',
    );
  });

  it('finds what it kept, forgets the least recently used past its size, and never keeps an oversized fragment', () => {
    const store = createFragmentStore({ maxEntries: 2, maxBytes: 10 });
    store.keep('a', 'aaaa');
    store.keep('b', 'bbbb');
    expect(store.find('a')?.html).toBe('aaaa');
    store.keep('c', 'cccc');
    expect(store.find('b')).toBeUndefined();
    expect(store.find('a')?.html).toBe('aaaa');
    expect(store.find('c')?.html).toBe('cccc');
    // 'é' is two bytes: the limit is on what is sent, not on characters.
    expect(store.keep('d', 'éééééé').html).toBe('éééééé');
    expect(store.find('d')).toBeUndefined();
    expect(store.size).toBe(2);
  });
});
