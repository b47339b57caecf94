import { z } from 'zod';
import { optionalDate, optionalId, optionalText, repeated } from '../../platform/form-fields.ts';
import { isStrand } from '../../platform/characteristics.ts';

/** The evidence form; `kind` decides which of file, link or record is required. */
export const evidenceForm = z
  .object({
    title: z
      .string()
      .trim()
      .min(1, 'evidence.form.enterATitleForThe')
      .max(300, 'evidence.form.theTitleMustBe300'),
    kind: z.enum(['upload', 'link', 'record'], { message: 'evidence.form.selectWhatKindOfEvidence' }),
    url: optionalText(2000, 'evidence.form.theLinkMustBe2'),
    record: optionalText(100, 'evidence.form.chooseARecord'),
    description: optionalText(5000, 'evidence.form.theDescriptionMustBe5'),
    ownerUserId: optionalId('Choose an owner from the list'),
    evidenceDate: optionalDate('The date of the evidence'),
    reviewDate: optionalDate('The review date'),
    strands: repeated.refine((values) => values.every(isStrand), {
      message: 'evidence.form.chooseCharacteristicsFromTheList',
    }),
  })
  .superRefine((form, context) => {
    if (form.kind === 'link') {
      if (!form.url)
        context.addIssue({ code: 'custom', path: ['url'], message: 'evidence.form.enterTheLinkToThe' });
      else if (!/^https?:\/\/[^\s]+\.[^\s]+$/i.test(form.url))
        context.addIssue({
          code: 'custom',
          path: ['url'],
          message: 'evidence.form.enterAFullWebAddress',
        });
    }
    if (form.kind === 'record' && !/^(action|objective):[0-9a-f-]{36}$/.test(form.record ?? ''))
      context.addIssue({
        code: 'custom',
        path: ['record'],
        message: 'evidence.form.chooseTheActionOrObjective',
      });
    if (form.evidenceDate && form.reviewDate && form.reviewDate < form.evidenceDate)
      context.addIssue({
        code: 'custom',
        path: ['reviewDate'],
        message: 'evidence.form.theReviewDateMustBe',
      });
  });

export type EvidenceForm = z.infer<typeof evidenceForm>;

export const criterionLinkForm = z.object({
  frameworkId: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'Choose a framework'),
  criterionRef: z
    .string()
    .trim()
    .min(1, 'evidence.form.enterTheCriterionReferenceLike')
    .max(20, 'evidence.form.theReferenceMustBe20'),
});

export const withdrawForm = z.object({
  reason: z
    .string()
    .trim()
    .min(1, 'evidence.form.sayWhyTheEvidenceIs')
    .max(2000, 'evidence.form.theReasonMustBe2'),
});
