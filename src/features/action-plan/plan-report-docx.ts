import {
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { formatDate } from '../../platform/format.ts';
import { STATUS_LABELS, STATUSES } from './action-status.ts';
import type { CommitteeReport } from './plan-report.ts';
import type { VersionAction } from './plan-versions.ts';

const THIN = { style: BorderStyle.SINGLE, size: 4, color: '505A5F' };

function cell(text: string, bold = false): TableCell {
  return new TableCell({
    borders: { top: THIN, bottom: THIN, left: THIN, right: THIN },
    children: [new Paragraph({ children: [new TextRun({ text, bold })] })],
  });
}

function table(header: string[], rows: string[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((text) => cell(text, true)) }),
      ...rows.map((row) => new TableRow({ children: row.map((text) => cell(text)) })),
    ],
  });
}

function actionRows(actions: VersionAction[]): string[][] {
  return actions.map((action) => [
    action.reference,
    action.text,
    action.targetText || '—',
    action.leads.join('; ') || '—',
    action.latestNote ?? '',
  ]);
}

function section(title: string, actions: VersionAction[], empty: string): (Paragraph | Table)[] {
  return [
    new Paragraph({ text: `${title} (${actions.length})`, heading: HeadingLevel.HEADING_2 }),
    actions.length
      ? table(['Ref', 'Action', 'Target', 'Lead officers', 'Latest progress'], actionRows(actions))
      : new Paragraph({ text: empty }),
  ];
}

/** The committee progress report as a Word document, for the committee papers. */
export async function committeeReportDocx(
  organisationName: string,
  publishedAt: Date,
  report: CommitteeReport,
): Promise<Buffer> {
  const t = report.totals;
  const summary = `Of ${t.all} actions: ${t.completed} completed, ${t.on_track} on track, ${t.at_risk} at risk, ${t.overdue} overdue and ${t.not_started} not started.`;
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      text: `${organisationName}: equality action plan progress report`,
      heading: HeadingLevel.TITLE,
    }),
    new Paragraph({
      text: `Reporting on the plan as published on ${formatDate(publishedAt)} (“${report.versionLabel}”)${report.previousLabel ? `, compared with “${report.previousLabel}”` : ''}.`,
    }),
    new Paragraph({ text: 'Summary', heading: HeadingLevel.HEADING_1 }),
    new Paragraph({ text: summary }),
    table(
      ['Area', ...STATUSES.map((status) => STATUS_LABELS[status]), 'Total'],
      [
        ...report.byArea.map((row) => [
          row.area,
          ...STATUSES.map((status) => String(row.counts[status])),
          String(row.counts.all),
        ]),
        ['All areas', ...STATUSES.map((status) => String(t[status])), String(t.all)],
      ],
    ),
    new Paragraph({ text: 'Exceptions', heading: HeadingLevel.HEADING_1 }),
    ...section('Overdue', report.overdue, 'No actions are overdue.'),
    ...section('At risk', report.atRisk, 'No actions are at risk.'),
    new Paragraph({ text: 'Progress', heading: HeadingLevel.HEADING_1 }),
    ...section(
      report.previousLabel ? `Completed since “${report.previousLabel}”` : 'Completed',
      report.completedSince,
      'Nothing has been completed since the last report.',
    ),
  ];
  return Packer.toBuffer(
    new Document({
      creator: 'Equalis',
      title: 'Equality action plan progress report',
      sections: [{ children }],
    }),
  );
}
