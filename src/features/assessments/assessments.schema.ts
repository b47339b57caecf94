import { z } from 'zod';
import { optionalDate, optionalId, repeated } from '../../platform/form-fields.ts';
import { isId } from '../../platform/ids.ts';
import { RATINGS } from '../frameworks/framework-levels.ts';

const title = z
  .string()
  .trim()
  .min(1, 'assessments.form.enterATitleForThe')
  .max(200, 'assessments.form.theTitleMustBe200');

export const startForm = z
  .object({
    frameworkKey: z.string().min(1, 'assessments.form.chooseAFramework'),
    title,
    scopeChoice: z.enum(['all', 'some'], { message: 'assessments.form.chooseWhetherToAssessEvery' }),
    scope: repeated,
    targetLevel: z
      .string()
      .optional()
      .transform((value) => (value ? value : null)),
    ownerUserId: optionalId('Choose an owner from the list'),
  })
  .superRefine((form, context) => {
    if (form.scopeChoice === 'some' && form.scope.length === 0)
      context.addIssue({ code: 'custom', path: ['scope'], message: 'assessments.form.chooseAtLeastOneArea' });
  });

export const settingsForm = z.object({
  title,
  targetLevel: z
    .string()
    .optional()
    .transform((value) => (value ? value : null)),
  ownerUserId: optionalId('Choose an owner from the list'),
  sharedWithAssessors: z
    .enum(['yes', 'no'], { message: 'assessments.form.chooseWhetherAssessorsCanSee' })
    .transform((value) => value === 'yes'),
  status: z.enum(['in_progress', 'submitted', 'closed'], { message: 'assessments.form.chooseAStatus' }),
});

export const ratingForm = z.object({
  rating: z.enum(RATINGS, { message: 'assessments.form.chooseHowFarTheCriterion' }),
  score: z
    .string()
    .optional()
    .refine((value) => !value || /^\d{1,3}$/.test(value), { message: 'assessments.form.chooseAScore' })
    .transform((value) => (value ? Number(value) : null)),
  narrative: z
    .string()
    .trim()
    .max(20000, 'assessments.form.theNarrativeMustBe20')
    .optional()
    .transform((value) => (value ? value : null)),
  ownerUserId: optionalId('Choose an owner from the list'),
  reviewDate: optionalDate('The review date'),
});

export const commentForm = z.object({
  body: z
    .string()
    .trim()
    .min(1, 'assessments.form.enterYourComment')
    .max(5000, 'assessments.form.theCommentMustBe5'),
});

export const gapActionForm = z.object({
  text: z
    .string()
    .trim()
    .min(1, 'assessments.form.describeTheAction')
    .max(2000, 'assessments.form.theActionMustBe2'),
  targetEnd: optionalDate('The target date'),
  leadUserId: optionalId('Choose a lead officer from the list'),
});

export const contributorsForm = z.object({
  areaId: z.string().min(1, 'assessments.form.chooseAnArea'),
  userIds: repeated.refine((values) => values.every(isId), {
    message: 'assessments.form.choosePeopleFromTheList',
  }),
});
