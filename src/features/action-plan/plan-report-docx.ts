import { Document, HeadingLevel, Packer, Paragraph, type Table } from 'docx';
import { docxTable as table } from '../../platform/docx-table.ts';
import { formatDate } from '../../platform/format.ts';
import { STATUS_LABELS, STATUSES } from './action-status.ts';
import type { CommitteeReport } from './plan-report.ts';
import type { VersionAction } from './plan-versions.ts';

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
