import { csvText } from '../../platform/csv.ts';
import { Document, ExternalHyperlink, HeadingLevel, Packer, Paragraph, TextRun, type Table } from 'docx';
import { docxTable } from '../../platform/docx-table.ts';
import { formatDate } from '../../platform/format.ts';
import { GAP_LABELS, RATING_LABELS } from '../frameworks/framework-levels.ts';
import { isStale } from '../evidence/evidence-review.ts';
import type { AssessmentsService } from './assessments.service.ts';

/**
 * The submission pack a peer team reads before its visit: computed levels, then each criterion
 * with its rating, narrative and evidence. One structure feeds the printable page, the Word
 * document and the CSV, so they cannot disagree.
 */
export type Workspace = Awaited<ReturnType<AssessmentsService['packContents']>>;

export function buildPack(workspace: Workspace, publicUrl: string) {
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
      level: result.level?.name ?? `Not yet ${definition.levels[0]!.name}`,
      total: result.total,
      maxTotal: result.maxTotal,
      next: result.next
        ? {
            level: result.next.level.name,
            gaps: result.next.gaps.map((gap) => ({ ref: gap.criterion.ref, reason: GAP_LABELS[gap.reason] })),
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
              ? 'Not scored'
              : `${rating.score} – ${definition.levels.find((level) => level.score === rating.score)?.name ?? ''}`
            : RATING_LABELS[rating?.rating ?? 'not_started'],
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

export async function packDocx(organisationName: string, pack: Pack, generatedOn: string): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: `${organisationName}: ${pack.title}`, heading: HeadingLevel.TITLE }),
    new Paragraph({
      text: `Self-assessment against the ${pack.framework} (${pack.owner}). Prepared on ${formatDate(generatedOn)}.`,
    }),
    ...(pack.notice
      ? [new Paragraph({ children: [new TextRun({ text: pack.notice, italics: true })] })]
      : []),
    new Paragraph({ text: 'Levels reached', heading: HeadingLevel.HEADING_1 }),
    new Paragraph({
      text: `Overall: ${pack.overall.level?.name ?? 'not yet reached'}. ${pack.overall.explanation}`,
    }),
    ...(pack.target ? [new Paragraph({ text: `Target level: ${pack.target}.` })] : []),
    docxTable(
      ['Area', 'Level reached', 'Missing for the next level'],
      pack.areas.map((area) => [
        area.name,
        area.total === null ? area.level : `${area.level} (${area.total} of ${area.maxTotal})`,
        area.next
          ? `${area.next.level}: ${area.next.gaps.map((gap) => `${gap.ref} (${gap.reason})`).join('; ')}`
          : 'Top level reached',
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
            `Rating: ${criterion.rating}`,
            criterion.owner ? `Owner: ${criterion.owner}` : '',
          ]
            .filter(Boolean)
            .join(' · '),
        }),
        ...(criterion.narrative || 'No narrative written yet.')
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
                    ? ` (review by ${formatDate(item.reviewDate)}${item.stale ? ', overdue' : ''})`
                    : '',
                }),
              ],
            }),
          );
      else
        children.push(
          new Paragraph({ children: [new TextRun({ text: 'No evidence linked.', italics: true })] }),
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
