import { parseHTML } from 'linkedom';
import { cellText, type PlanBlock, toCell } from './plan-blocks.ts';

/**
 * HTML to blocks: what Word documents become through mammoth, and what browsers paste from Word.
 * Paragraphs and headings outside tables are lines of text; each table row is a row. Positions
 * count paragraphs and rows from 1 in document order, so problems can point at them.
 */
export function blocksFromHtml(html: string): PlanBlock[] {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const blocks: PlanBlock[] = [];
  let position = 0;
  const visit = (element: Element) => {
    for (const child of Array.from(element.children)) {
      const tag = child.tagName.toLowerCase();
      if (tag === 'table') {
        for (const row of Array.from(child.querySelectorAll('tr'))) {
          position += 1;
          const cells = Array.from(row.children).filter((cell) => /^t[dh]$/i.test(cell.tagName));
          blocks.push({ kind: 'row', cells: cells.map((cell) => toCell(cellHtml(cell))), line: position });
        }
      } else if (/^(p|h[1-6]|li)$/.test(tag)) {
        position += 1;
        const text = cellText(child.innerHTML);
        if (text) blocks.push({ kind: 'text', text, line: position });
      } else {
        visit(child);
      }
    }
  };
  visit(document.body);
  return blocks;
}

/**
 * A cell's HTML with Word's wrapping paragraphs unwrapped, so a cell that starts with a list
 * reads as a bulleted cell (a sub-action) and one that starts with text does not.
 */
function cellHtml(cell: Element): string {
  return cell.innerHTML.replace(/^\s*<p>([\s\S]*?)<\/p>/i, '$1 ').trim();
}
