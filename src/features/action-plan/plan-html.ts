import { parseHTML } from 'linkedom';
import { cellText, type PlanBlock, toCell } from './plan-blocks.ts';
import { PlanFileError } from './plan-file-error.ts';

/**
 * How deeply elements may sit inside each other. Real plans nest a table in a cell now and then;
 * thousands of levels only come from a hostile file, and reading one costs time that grows with
 * the square of the depth.
 */
export const MAX_NESTING = 100;

/** The deepest nesting under `root`, walked with an explicit stack (no recursion to overflow). */
function nestingDepth(root: Element, stopAt: number): number {
  let deepest = 0;
  const stack: [Element, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [element, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    if (deepest > stopAt) return deepest;
    for (const child of Array.from(element.children)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * HTML to blocks: what Word documents become through mammoth, and what browsers paste from Word.
 * Paragraphs and headings outside tables are lines of text; each table row is a row. Positions
 * count paragraphs and rows from 1 in document order, so problems can point at them.
 */
export function blocksFromHtml(html: string): PlanBlock[] {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  if (nestingDepth(document.body, MAX_NESTING) > MAX_NESTING)
    throw new PlanFileError(
      `This document has tables or sections nested more than ${MAX_NESTING} deep, which Equalis cannot read. Copy the plan's table into a new document and try again.`,
    );
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
