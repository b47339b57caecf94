import { csvText } from '../../platform/csv.ts';
import { Document, ExternalHyperlink, HeadingLevel, Packer, Paragraph, TextRun, type Table } from 'docx';
import { docxTable } from '../../platform/docx-table.ts';
import { formatDate } from '../../platform/format.ts';
import { t as english, type Locale, type Translate } from '../../platform/i18n/i18n.ts';
import { isStale } from '../evidence/evidence-review.ts';
import type { AssessmentsService } from './assessments.service.ts';

/**
 * The submission pack a peer team reads before its visit: computed levels, then each criterion
 * with its rating, narrative and evidence. One structure feeds the printable page, the Word
 * document and the CSV, so they cannot disagree. Its words are in the reader's language; the
 * framework's and the council's own words stay as written.
 */
export type Workspace = Awaited<ReturnType<AssessmentsService['packContents']>>;

export function buildPack(workspace: Workspace, publicUrl: string, t: Translate = english) {
  const { definition, assessment, levels, ratingByRef, evidenceByRef, names, today } = workspace;
  const scored = definition.rating.kind === 'score';
  return {
    title: assessment.title,
    framework: `${definition.name} ${definition.version}`,
    owner: definition.owner,
    wording: definition.wording,
    notice: definition.notice ?? null,
    target: definition.levels.find((level) => level.id === assessment.targetLevel)?.name ?? null,
    overall: levels.overall,
    areas: workspace.areas.map(({ area, criteria, result }) => ({
      id: area.id,
      name: area.name,
      level: result.level?.name ?? t('assessments.notYetLevel', { level: definition.levels[0]!.name }),
      total: result.total,
      maxTotal: result.maxTotal,
      next: result.next
        ? {
            level: result.next.level.name,
            gaps: result.next.gaps.map((gap) => ({
              ref: gap.criterion.ref,
              reason: t(`gaps.${gap.reason}`),
            })),
          }
        : null,
      criteria: criteria.map((criterion) => {
        const rating = ratingByRef.get(criterion.ref);
        return {
          ref: criterion.ref,
          subArea: names.get(criterion.area) ?? '',
          level: definition.levels.find((level) => level.id === criterion.level)?.name ?? '',
          text: criterion.text,
          rating: scored
            ? rating?.score === null || rating?.score === undefined
              ? t('assessments.notScored')
              : `${rating.score} – ${definition.levels.find((level) => level.score === rating.score)?.name ?? ''}`
            : t(`ratings.${rating?.rating ?? 'not_started'}`),
          narrative: rating?.narrative ?? '',
          owner: rating?.ownerName ?? '',
          reviewDate: rating?.reviewDate ?? null,
          evidence: (evidenceByRef.get(criterion.ref) ?? []).map((item) => ({
            title: item.title,
            href:
              item.kind === 'link'
                ? item.url!
                : item.kind === 'upload'
                  ? `${publicUrl}/evidence/${item.evidenceId}/file`
                  : `${publicUrl}${item.recordType === 'action' ? '/plan/actions/' : '/objectives/'}${item.recordId}`,
            reviewDate: item.reviewDate,
            stale: isStale(item.reviewDate, today),
          })),
        };
      }),
    })),
  };
}

export type Pack = ReturnType<typeof buildPack>;

export async function packDocx(
  organisationName: string,
  pack: Pack,
  generatedOn: string,
  t: Translate = english,
  locale: Locale = 'en',
): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: `${organisationName}: ${pack.title}`, heading: HeadingLevel.TITLE }),
    new Paragraph({
      text: t('assessments.pack.selfAssessmentAgainstThePrepared', {
        framework: pack.framework,
        owner: pack.owner,
        generatedOn: formatDate(generatedOn, locale),
      }),
    }),
    ...(pack.notice
      ? [new Paragraph({ children: [new TextRun({ text: pack.notice, italics: true })] })]
      : []),
    new Paragraph({ text: t('assessments.pack.levelsReached'), heading: HeadingLevel.HEADING_1 }),
    new Paragraph({
      text: `${t('assessments.pack.overall', { name: pack.overall.level?.name ?? t('assessments.pack.notYetReached') })} ${pack.overall.explanation}`,
    }),
    ...(pack.target
      ? [new Paragraph({ text: t('assessments.pack.theTargetIs', { target: pack.target }) })]
      : []),
    docxTable(
      [
        t('assessments.pack.area'),
        t('assessments.pack.levelReached'),
        t('assessments.pack.missingForTheNextLevel'),
      ],
      pack.areas.map((area) => [
        area.name,
        area.total === null
          ? area.level
          : `${area.level} ${t('assessments.pack.of', { total: area.total, maxTotal: area.maxTotal ?? 0 })}`,
        area.next
          ? `${area.next.level}: ${area.next.gaps.map((gap) => `${gap.ref} (${gap.reason})`).join('; ')}`
          : t('assessments.pack.topLevelReached'),
      ]),
    ),
  ];
  for (const area of pack.areas) {
    children.push(new Paragraph({ text: `${area.id}. ${area.name}`, heading: HeadingLevel.HEADING_1 }));
    for (const criterion of area.criteria) {
      children.push(
        new Paragraph({ text: `${criterion.ref} ${criterion.text}`, heading: HeadingLevel.HEADING_2 }),
        new Paragraph({
          text: [
            criterion.subArea,
            criterion.level,
            t('assessments.pack.rating', { rating: criterion.rating }),
            criterion.owner ? t('assessments.pack.ownerIs', { owner: criterion.owner }) : '',
          ]
            .filter(Boolean)
            .join(' · '),
        }),
        ...(criterion.narrative || t('assessments.pack.noNarrativeWrittenYet'))
          .split('\n')
          .map((line) => new Paragraph({ text: line })),
      );
      if (criterion.evidence.length)
        for (const item of criterion.evidence)
          children.push(
            new Paragraph({
              bullet: { level: 0 },
              children: [
                new ExternalHyperlink({
                  link: item.href,
                  children: [new TextRun({ text: item.title, style: 'Hyperlink' })],
                }),
                new TextRun({
                  text: item.reviewDate
                    ? ` ${t('assessments.pack.reviewBy', {
                        reviewDate: formatDate(item.reviewDate, locale),
                        value: item.stale ? t('assessments.pack.overdueSuffix') : '',
                      })}`
                    : '',
                }),
              ],
            }),
          );
      else
        children.push(
          new Paragraph({
            children: [new TextRun({ text: t('assessments.pack.noEvidenceLinked'), italics: true })],
          }),
        );
    }
  }
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

export function ratingsCsv(pack: Pack): string {
  const rows = pack.areas.flatMap((area) =>
    area.criteria.map((criterion) => [
      pack.framework,
      area.name,
      criterion.subArea === area.name ? '' : criterion.subArea,
      criterion.ref,
      criterion.level,
      criterion.text,
      criterion.rating,
      criterion.evidence.length,
      criterion.evidence.filter((item) => !item.stale).length,
      criterion.owner,
      criterion.reviewDate ?? '',
      criterion.narrative,
    ]),
  );
  return csvText(rows, {
    header: [
      'Framework',
      'Area',
      'Sub-area',
      'Reference',
      'Level',
      'Criterion',
      'Rating',
      'Evidence items',
      'Current evidence items',
      'Owner',
      'Review date',
      'Narrative',
    ],
  });
}
