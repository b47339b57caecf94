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

/** The rows of this table only: a table nested in a cell stays part of that cell's text. */
function ownRows(table: Element): Element[] {
  return Array.from(table.querySelectorAll('tr')).filter((row) => row.closest('table') === table);
}

const span = (cell: Element, attribute: string) =>
  Math.min(Math.max(Number.parseInt(cell.getAttribute(attribute) ?? '1', 10) || 1, 1), 100);

/**
 * A table's rows laid on a grid, so merged cells do not shift later fields to the left: a cell
 * merged across columns fills its first column and leaves the rest empty; a cell merged down
 * rows repeats its value in each row it covers (the value applies to each of them).
 */
function gridOf(table: Element): string[][] {
  const grid: string[][] = [];
  const carried: { html: string; rows: number }[] = [];
  for (const row of ownRows(table)) {
    const cells = Array.from(row.children).filter((cell) => /^t[dh]$/i.test(cell.tagName));
    const line: string[] = [];
    let column = 0;
    const fillCarried = () => {
      while (carried[column] && carried[column]!.rows > 0) {
        line[column] = carried[column]!.html;
        carried[column]!.rows -= 1;
        column += 1;
      }
    };
    for (const cell of cells) {
      fillCarried();
      const html = cellHtml(cell);
      const across = span(cell, 'colspan');
      const down = span(cell, 'rowspan');
      for (let offset = 0; offset < across; offset += 1) {
        line[column + offset] = offset === 0 ? html : '';
        if (down > 1) carried[column + offset] = { html: offset === 0 ? html : '', rows: down - 1 };
      }
      column += across;
    }
    fillCarried();
    grid.push(Array.from(line, (value) => value ?? ''));
  }
  return grid;
}

/**
 * HTML to blocks: what Word documents become through mammoth, and what browsers paste from Word
 * or copy from a council web page. Paragraphs and headings outside tables are lines of text; each
 * table row is a row, and a row with text in its first cell only (a full-width area title) is a
 * line of text. Positions count paragraphs and rows from 1 in document order; `where` names the
 * table and row ("Word table 2, row 7").
 */
export function blocksFromHtml(html: string, tableName = 'table'): PlanBlock[] {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  if (nestingDepth(document.body, MAX_NESTING) > MAX_NESTING)
    throw new PlanFileError(
      `This document has tables or sections nested more than ${MAX_NESTING} deep, which Equalis cannot read. Copy the plan's table into a new document and try again.`,
    );
  const blocks: PlanBlock[] = [];
  let position = 0;
  let tables = 0;
  let paragraphs = 0;
  const visit = (element: Element) => {
    for (const child of Array.from(element.children)) {
      const tag = child.tagName.toLowerCase();
      if (tag === 'table') {
        tables += 1;
        gridOf(child).forEach((raw, rowIndex) => {
          position += 1;
          const where = `${tableName} ${tables}, row ${rowIndex + 1}`;
          const cells = raw.map(toCell);
          const filled = cells.filter((cell) => cell.text !== '');
          if (
            filled.length === 1 &&
            cells[0]!.text !== '' &&
            !cells[0]!.bullet &&
            !/^\d+(\.\d+)+[a-z]?$/.test(cells[0]!.text)
          )
            blocks.push({ kind: 'text', text: cells[0]!.text, line: position, where });
          else blocks.push({ kind: 'row', cells, line: position, where });
        });
      } else if (/^(p|h[1-6]|li)$/.test(tag)) {
        position += 1;
        paragraphs += 1;
        const text = cellText(child.innerHTML);
        if (text) blocks.push({ kind: 'text', text, line: position, where: `paragraph ${paragraphs}` });
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
