import { csvText } from '../../platform/csv.ts';
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableRow, WidthType } from 'docx';
import { docxCell } from '../../platform/docx-table.ts';
import type { Strand } from '../../platform/characteristics.ts';
import { STATUS_LABELS, type ActionStatus } from './action-status.ts';
import { formatLeads, STRAND_CODE, type Lead } from './plan-fields.ts';

/**
 * Writes the plan back in the layout councils use, and the importer reads: a title; for each area
 * its title, its description and a table (Ref, Action, Completion Date, Lead Officer/s, framework
 * references, Strand). A sub-action is a bulleted row under its reference, as in the plans
 * themselves, so an exported plan can be imported again unchanged.
 */
export interface ExportAction {
  reference: string;
  text: string;
  targetText: string;
  leads: Lead[];
  partners: string[];
  criteriaRefs: string[];
  strands: Strand[];
  children: ExportAction[];
  /** Where it stands (left empty in exports made from a file rather than the live plan). */
  status?: ActionStatus;
  latestNote?: string | null;
  latestState?: 'on_track' | 'at_risk' | 'completed' | null;
  latestAt?: Date | null;
  completedOn?: string | null;
}

export interface ExportArea {
  title: string;
  description: string | null;
  criteriaHeading: string | null;
  actions: ExportAction[];
}

export interface ExportPlan {
  title: string;
  areas: ExportArea[];
}

const HEADER = ['', 'Action', 'Completion Date', 'Lead Officer/s', 'Partners'];
/** After the framework and strand columns: the work done, so an export carries it. */
const PROGRESS_HEADER = ['Status', 'Latest progress', 'Completed on'];

interface ExportRow {
  reference: string;
  action: string;
  bullet: boolean;
  target: string;
  leads: string;
  partners: string;
  criteria: string;
  strands: string;
  status: string;
  latest: string;
  completedOn: string;
}

/** The day an action was completed: its recorded date, or when the completing update was posted. */
function completedDate(action: ExportAction): string {
  if (action.completedOn) return action.completedOn;
  if (action.latestState === 'completed' && action.latestAt)
    return action.latestAt.toISOString().slice(0, 10);
  return '';
}

function rowOf(action: ExportAction, reference: string, bullet: boolean): ExportRow {
  return {
    reference,
    action: action.text,
    bullet,
    target: action.targetText,
    leads: formatLeads(action.leads),
    partners: action.partners.join('; '),
    criteria: action.criteriaRefs.join(' '),
    strands: action.strands.map((strand) => STRAND_CODE[strand]).join(' '),
    status: action.status ? STATUS_LABELS[action.status] : '',
    latest: action.latestNote ?? '',
    completedOn: completedDate(action),
  };
}

/** The table rows of one area: a group's reference goes on its first sub-action's row. */
export function areaRows(area: ExportArea): ExportRow[] {
  const rows: ExportRow[] = [];
  for (const action of area.actions) {
    if (action.children.length === 0) {
      rows.push(rowOf(action, action.reference, false));
      continue;
    }
    if (action.text) rows.push(rowOf(action, action.reference, false));
    action.children.forEach((child, index) => {
      rows.push(rowOf(child, index === 0 && !action.text ? action.reference : '', true));
    });
  }
  return rows;
}

function headerOf(area: ExportArea): string[] {
  return [...HEADER, area.criteriaHeading ?? 'EFLG', 'Strand', ...PROGRESS_HEADER];
}

/** The plan as spreadsheet rows (CSV and Excel). Bulleted cells start with "• ". */
export function planRows(plan: ExportPlan): string[][] {
  const rows: string[][] = [[plan.title]];
  for (const area of plan.areas) {
    rows.push([area.title]);
    if (area.description) rows.push([area.description]);
    rows.push(headerOf(area));
    for (const row of areaRows(area)) {
      rows.push([
        row.reference,
        `${row.bullet ? '• ' : ''}${row.action}`,
        row.target,
        row.leads,
        row.partners,
        row.criteria,
        row.strands,
        row.status,
        row.latest,
        row.completedOn,
      ]);
    }
  }
  return rows;
}

export function planCsv(plan: ExportPlan): string {
  return csvText(planRows(plan), { byteOrderMark: true });
}

export async function planXlsx(plan: ExportPlan): Promise<Buffer> {
  // Loaded when first needed: the library is large, and most starts never write a workbook.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Equalis';
  const sheet = workbook.addWorksheet('Action plan');
  sheet.columns = [
    { width: 8 },
    { width: 70 },
    { width: 20 },
    { width: 30 },
    { width: 16 },
    { width: 12 },
    { width: 10 },
    { width: 12 },
    { width: 40 },
    { width: 12 },
  ];
  for (const values of planRows(plan)) {
    const row = sheet.addRow(values);
    if (values[1] === 'Action') row.font = { bold: true };
    row.alignment = { vertical: 'top', wrapText: true };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const WIDTHS = [5, 25, 10, 12, 9, 7, 6, 8, 12, 7];

/** The plan as a Word document, grouped by area like the plans councils write. */
export async function planDocx(plan: ExportPlan): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [new Paragraph({ text: plan.title, heading: HeadingLevel.TITLE })];
  for (const area of plan.areas) {
    children.push(new Paragraph({ text: area.title, heading: HeadingLevel.HEADING_1 }));
    if (area.description) children.push(new Paragraph({ text: area.description }));
    const header = new TableRow({
      tableHeader: true,
      children: headerOf(area).map((text, index) => docxCell(text, { bold: true, width: WIDTHS[index]! })),
    });
    const rows = areaRows(area).map(
      (row) =>
        new TableRow({
          children: [
            row.reference,
            row.action,
            row.target,
            row.leads,
            row.partners,
            row.criteria,
            row.strands,
            row.status,
            row.latest,
            row.completedOn,
          ].map((text, index) =>
            docxCell(text, { width: WIDTHS[index]!, bullet: index === 1 && row.bullet }),
          ),
        }),
    );
    children.push(new Table({ rows: [header, ...rows], width: { size: 100, type: WidthType.PERCENTAGE } }));
    children.push(new Paragraph({ text: '', alignment: AlignmentType.LEFT }));
  }
  return Packer.toBuffer(new Document({ creator: 'Equalis', title: plan.title, sections: [{ children }] }));
}
