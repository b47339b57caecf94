import { BorderStyle, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';

/** Word tables as councils format them: thin grey borders, bold headings, text in paragraphs. */
const THIN = { style: BorderStyle.SINGLE, size: 4, color: '505A5F' };

/** A cell; each line of the text becomes a paragraph, bulleted when `bullet` is set. */
export function docxCell(
  text: string,
  options: { bold?: boolean; bullet?: boolean; width?: number } = {},
): TableCell {
  const lines = text === '' ? [''] : text.split('\n');
  return new TableCell({
    ...(options.width ? { width: { size: options.width, type: WidthType.PERCENTAGE } } : {}),
    borders: { top: THIN, bottom: THIN, left: THIN, right: THIN },
    children: lines.map(
      (line) =>
        new Paragraph({
          children: [new TextRun({ text: line, bold: options.bold ?? false })],
          ...(options.bullet ? { bullet: { level: 0 } } : {}),
        }),
    ),
  });
}

/** A full-width table with a repeating heading row. */
export function docxTable(header: string[], rows: string[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((text) => docxCell(text, { bold: true })) }),
      ...rows.map((row) => new TableRow({ children: row.map((text) => docxCell(text)) })),
    ],
  });
}
