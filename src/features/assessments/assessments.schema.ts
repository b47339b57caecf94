import { z } from 'zod';
import { optionalDate, optionalId, repeated } from '../../platform/form-fields.ts';
import { isId } from '../../platform/ids.ts';
import { RATINGS } from '../frameworks/framework-levels.ts';

const title = z
  .string()
  .trim()
  .min(1, 'Enter a title for the assessment')
  .max(200, 'The title must be 200 characters or fewer');

export const startForm = z
  .object({
    frameworkKey: z.string().min(1, 'Choose a framework'),
    title,
    scopeChoice: z.enum(['all', 'some'], { message: 'Choose whether to assess every area or some' }),
    scope: repeated,
    targetLevel: z
      .string()
      .optional()
      .transform((value) => (value ? value : null)),
    ownerUserId: optionalId('Choose an owner from the list'),
  })
  .superRefine((form, context) => {
    if (form.scopeChoice === 'some' && form.scope.length === 0)
      context.addIssue({ code: 'custom', path: ['scope'], message: 'Choose at least one area to assess' });
  });

export const settingsForm = z.object({
  title,
  targetLevel: z
    .string()
    .optional()
    .transform((value) => (value ? value : null)),
  ownerUserId: optionalId('Choose an owner from the list'),
  sharedWithAssessors: z
    .enum(['yes', 'no'], { message: 'Choose whether assessors can see it' })
    .transform((value) => value === 'yes'),
  status: z.enum(['in_progress', 'submitted', 'closed'], { message: 'Choose a status' }),
});

export const ratingForm = z.object({
  rating: z.enum(RATINGS, { message: 'Choose how far the criterion is met' }),
  score: z
    .string()
    .optional()
    .refine((value) => !value || /^\d{1,3}$/.test(value), { message: 'Choose a score' })
    .transform((value) => (value ? Number(value) : null)),
  narrative: z
    .string()
    .trim()
    .max(20000, 'The narrative must be 20,000 characters or fewer')
    .optional()
    .transform((value) => (value ? value : null)),
  ownerUserId: optionalId('Choose an owner from the list'),
  reviewDate: optionalDate('The review date'),
});

export const commentForm = z.object({
  body: z
    .string()
    .trim()
    .min(1, 'Enter your comment')
    .max(5000, 'The comment must be 5,000 characters or fewer'),
});

export const gapActionForm = z.object({
  text: z
    .string()
    .trim()
    .min(1, 'Describe the action')
    .max(2000, 'The action must be 2,000 characters or fewer'),
  targetEnd: optionalDate('The target date'),
  leadUserId: optionalId('Choose a lead officer from the list'),
});

export const contributorsForm = z.object({
  areaId: z.string().min(1, 'Choose an area'),
  userIds: repeated.refine((values) => values.every(isId), { message: 'Choose people from the list' }),
});
