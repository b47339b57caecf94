import { Document, HeadingLevel, Packer, Paragraph, type Table } from 'docx';
import { docxTable as table } from '../../platform/docx-table.ts';
import { formatDate } from '../../platform/format.ts';
import type { Locale, Translate } from '../../platform/i18n/i18n.ts';
import type { ReadableAssessment } from './eqia-readable.ts';

const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
  new Paragraph({ text, heading: level });

/** Each line its own paragraph, so what the officer wrote keeps its breaks in Word. */
const paragraphs = (text: string) => text.split('\n').map((line) => new Paragraph({ text: line }));

/**
 * A published impact assessment as a Word document: the same sections, in the same order, as
 * the public page, in the reader's language (what the council wrote stays as it wrote it).
 */
export async function assessmentDocx(
  organisationName: string,
  publishedAt: Date,
  assessment: ReadableAssessment,
  t: Translate,
  locale: Locale,
): Promise<Buffer> {
  const notSet = t('common.notSet');
  const impactText = (impact: ReadableAssessment['impacts'][number]) =>
    impact.nature
      ? `${t(`eqia.nature.${impact.nature}`)}${impact.severity ? ` (${t(`eqia.severity.${impact.severity}`)})` : ''}`
      : t('eqia.impacts.notAssessed');
  const children: (Paragraph | Table)[] = [
    heading(assessment.title, HeadingLevel.TITLE),
    new Paragraph({
      text: t('eqia.public.publishedLine', {
        organisation: organisationName,
        date: formatDate(publishedAt, locale),
      }),
    }),
    heading(t('eqia.details.heading'), HeadingLevel.HEADING_1),
    table(
      [t('eqia.public.field'), t('eqia.public.value')],
      [
        [t('eqia.details.service'), assessment.service || notSet],
        [t('eqia.details.leadOfficer'), assessment.leadOfficer || notSet],
        [t('eqia.details.description'), assessment.description || notSet],
        [t('eqia.details.affected'), assessment.affected || notSet],
        [t('eqia.details.decisionBody'), assessment.decisionBody || notSet],
        [t('eqia.details.area'), assessment.areaName ?? notSet],
      ],
    ),
    heading(t('eqia.screening.title'), HeadingLevel.HEADING_1),
    ...(assessment.screening
      ? [
          new Paragraph({
            text: `${t('eqia.public.screeningScore', { score: assessment.screening.score, outOf: assessment.screening.outOf })} ${t(assessment.screening.fullNeeded ? 'eqia.screening.full' : 'eqia.screening.notNeeded')}.`,
          }),
          ...assessment.screening.decidedBy.map(
            (id) => new Paragraph({ text: t(`eqia.screening.question.${id}`), bullet: { level: 0 } }),
          ),
          ...(assessment.screening.reason ? paragraphs(assessment.screening.reason) : []),
        ]
      : [new Paragraph({ text: t('eqia.screening.notDone') })]),
    heading(t('eqia.impacts.title'), HeadingLevel.HEADING_1),
    table(
      [t('eqia.impacts.characteristic'), t('eqia.impacts.impact'), t('eqia.impacts.evidenceColumn')],
      assessment.impacts.map((impact) => [
        t(`eqia.characteristic.${impact.characteristic}`),
        impactText(impact),
        impact.evidence,
      ]),
    ),
    ...(assessment.aims.length
      ? [
          heading(t('eqia.impacts.aimsHeading'), HeadingLevel.HEADING_2),
          table(
            [t('eqia.public.aim'), t('eqia.public.howItAffects')],
            assessment.aims.map((one) => [t(`eqia.aim.${one.aim}`), one.text]),
          ),
        ]
      : []),
    ...(assessment.consultation
      ? [
          heading(t('eqia.impacts.consultation'), HeadingLevel.HEADING_2),
          ...paragraphs(assessment.consultation),
        ]
      : []),
    heading(t('eqia.mitigations.heading'), HeadingLevel.HEADING_1),
    assessment.mitigations.length
      ? table(
          [t('eqia.public.reference'), t('eqia.public.mitigation'), t('eqia.public.progress')],
          assessment.mitigations.map((one) => [one.reference, one.text, t(`status.${one.status}`)]),
        )
      : new Paragraph({ text: t('eqia.mitigations.none') }),
    heading(t('eqia.outcome.title'), HeadingLevel.HEADING_1),
    table(
      [t('eqia.public.field'), t('eqia.public.value')],
      [
        [
          t('eqia.outcome.question'),
          assessment.outcome ? t(`eqia.outcomeChoice.${assessment.outcome}`) : notSet,
        ],
        [t('eqia.outcome.reason'), assessment.outcomeReason || notSet],
        [t('eqia.outcome.reviewOn'), assessment.reviewOn ? formatDate(assessment.reviewOn, locale) : notSet],
        [
          t('eqia.public.signedOff'),
          assessment.approvedAt
            ? t('eqia.public.signedOffBy', {
                who: assessment.approvedByLabel ?? notSet,
                when: formatDate(assessment.approvedAt, locale),
              })
            : notSet,
        ],
      ],
    ),
  ];
  return Packer.toBuffer(
    new Document({ creator: organisationName, title: assessment.title, sections: [{ children }] }),
  );
}
