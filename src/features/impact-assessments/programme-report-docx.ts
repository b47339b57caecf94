import { Document, HeadingLevel, Packer, PageOrientation, Paragraph, type Table } from 'docx';
import { docxTable as table } from '../../platform/docx-table.ts';
import { formatDate } from '../../platform/format.ts';
import type { Locale, Translate } from '../../platform/i18n/i18n.ts';
import type { CumulativeMatrix } from './eqia-checks.ts';
import type { Outcome } from './eqia-template.ts';
import type { EqiaStatus } from './eqia.repo.ts';

export interface ProgrammeReport {
  programme: { title: string; description: string };
  matrix: CumulativeMatrix;
  proposals: { title: string; status: EqiaStatus; outcome: Outcome | null }[];
}

/**
 * The cumulative impact of a programme for the committee papers: the sentence that says where
 * adverse impacts pile up, the matrix of proposals against characteristics (landscape, as a
 * committee report prints it), and each proposal's status and outcome.
 */
export async function programmeReportDocx(
  organisationName: string,
  report: ProgrammeReport,
  today: Date,
  t: Translate,
  locale: Locale,
): Promise<Buffer> {
  const { matrix } = report;
  const names = matrix.characteristics.map((id) => t(`eqia.characteristic.${id}`));
  const cell = (nature: string | null, severity: string | null) =>
    nature
      ? `${t(`eqia.matrixCell.${nature}`)}${severity ? ` (${t(`eqia.severity.${severity}`)})` : ''}`
      : '–';
  const count = matrix.rows.length;
  const summary = !count
    ? t('eqia.matrix.empty')
    : matrix.hotspots.length
      ? t('eqia.matrix.summary', { count })
      : t('eqia.matrix.noHotspots', { count });
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      text: t('eqia.report.documentTitle', { programme: report.programme.title }),
      heading: HeadingLevel.TITLE,
    }),
    new Paragraph({
      text: t('eqia.report.preparedBy', { organisation: organisationName, date: formatDate(today, locale) }),
    }),
    ...(report.programme.description ? [new Paragraph({ text: report.programme.description })] : []),
    new Paragraph({ text: t('eqia.report.summary'), heading: HeadingLevel.HEADING_1 }),
    new Paragraph({ text: summary }),
    ...matrix.hotspots.map(
      (spot) =>
        new Paragraph({
          text: t('eqia.matrix.hotspot', {
            characteristic: t(`eqia.characteristic.${spot.characteristic}`),
            count: spot.adverse,
          }),
          bullet: { level: 0 },
        }),
    ),
  ];
  if (count) {
    children.push(
      new Paragraph({ text: t('eqia.matrix.caption'), heading: HeadingLevel.HEADING_1 }),
      table(
        [t('eqia.matrix.proposal'), ...names],
        [
          ...matrix.rows.map((row) => [row.title, ...row.cells.map((one) => cell(one.nature, one.severity))]),
          [t('eqia.matrix.adverseCount'), ...matrix.columns.map((column) => String(column.adverse))],
        ],
      ),
      new Paragraph({ text: t('eqia.report.proposals'), heading: HeadingLevel.HEADING_1 }),
      table(
        [t('eqia.matrix.proposal'), t('eqia.report.status'), t('eqia.outcome.question')],
        report.proposals.map((proposal) => [
          proposal.title,
          t(`eqia.status.${proposal.status}`),
          proposal.outcome ? t(`eqia.outcomeChoice.${proposal.outcome}`) : t('common.notSet'),
        ]),
      ),
    );
  }
  return Packer.toBuffer(
    new Document({
      creator: organisationName,
      title: t('eqia.report.documentTitle', { programme: report.programme.title }),
      sections: [{ properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } }, children }],
    }),
  );
}
