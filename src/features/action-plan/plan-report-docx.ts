import { Document, HeadingLevel, Packer, Paragraph, type Table } from 'docx';
import { docxTable as table } from '../../platform/docx-table.ts';
import { formatDate } from '../../platform/format.ts';
import { t as english, type Locale, type Translate } from '../../platform/i18n/i18n.ts';
import { STATUSES } from './action-status.ts';
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

function section(
  t: Translate,
  title: string,
  actions: VersionAction[],
  empty: string,
): (Paragraph | Table)[] {
  const headings = ['ref', 'action', 'target', 'leadOfficers', 'latestProgress'].map((key) =>
    t(`actionPlan.report.${key}`),
  );
  return [
    new Paragraph({ text: `${title} (${actions.length})`, heading: HeadingLevel.HEADING_2 }),
    actions.length ? table(headings, actionRows(actions)) : new Paragraph({ text: empty }),
  ];
}

/** The committee progress report as a Word document, for the committee papers, in the reader's language. */
export async function committeeReportDocx(
  organisationName: string,
  publishedAt: Date,
  report: CommitteeReport,
  t: Translate = english,
  locale: Locale = 'en',
): Promise<Buffer> {
  const totals = report.totals;
  const summary = t('actionPlan.report.ofActionsCompletedOnTrack', {
    ...totals,
    countingRule: t('public.countingRule'),
  });
  const title = t('actionPlan.report.documentTitle', { organisation: organisationName });
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: title, heading: HeadingLevel.TITLE }),
    new Paragraph({
      text:
        t('actionPlan.report.reportingOnThePlanAs', {
          publishedAt: formatDate(publishedAt, locale),
          versionLabel: report.versionLabel,
        }) +
        (report.previousLabel
          ? t('actionPlan.report.comparedWith', { previousLabel: report.previousLabel })
          : '') +
        '.',
    }),
    new Paragraph({ text: t('actionPlan.report.summary'), heading: HeadingLevel.HEADING_1 }),
    new Paragraph({ text: summary }),
    table(
      [
        t('actionPlan.report.area'),
        ...STATUSES.map((status) => t(`status.${status}`)),
        t('actionPlan.report.total'),
      ],
      [
        ...report.byArea.map((row) => [
          row.area || t('actionPlan.report.noArea'),
          ...STATUSES.map((status) => String(row.counts[status])),
          String(row.counts.all),
        ]),
        [
          t('actionPlan.report.allAreas'),
          ...STATUSES.map((status) => String(totals[status])),
          String(totals.all),
        ],
      ],
    ),
    new Paragraph({ text: t('actionPlan.report.exceptions'), heading: HeadingLevel.HEADING_1 }),
    ...section(t, t('actionPlan.report.overdue'), report.overdue, t('actionPlan.report.noneOverdue')),
    ...section(t, t('actionPlan.report.atRisk'), report.atRisk, t('actionPlan.report.noneAtRisk')),
    new Paragraph({ text: t('actionPlan.report.progress'), heading: HeadingLevel.HEADING_1 }),
    ...section(
      t,
      report.previousLabel
        ? t('actionPlan.report.completedSince', { label: report.previousLabel })
        : t('actionPlan.report.completed'),
      report.completedSince,
      t('actionPlan.report.noneCompleted'),
    ),
  ];
  return Packer.toBuffer(new Document({ creator: 'Equalis', title, sections: [{ children }] }));
}
