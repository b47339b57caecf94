import { z } from 'zod';
import { optionalDate, optionalText } from '../../platform/form-fields.ts';
import { parseCriteriaRefs } from '../action-plan/plan-fields.ts';

/** The PSED's specific duties: publish objectives at least every four years. */
export const MAX_OBJECTIVE_YEARS = 4;

export const objectiveForm = z
  .object({
    reference: optionalText(20, 'objectives.form.theReferenceMustBe20'),
    title: z
      .string()
      .trim()
      .min(1, 'objectives.form.enterTheObjective')
      .max(300, 'objectives.form.theObjectiveMustBe300'),
    description: optionalText(5000, 'objectives.form.theDescriptionMustBe5'),
    kind: z.enum(['organisational', 'service'], {
      message: 'objectives.form.selectWhetherThisIsAn',
    }),
    ways: z
      .string()
      .optional()
      .transform((value) =>
        (value ?? '')
          .split(/\r?\n/)
          .map((line) => line.replace(/^[-•*\d.)\s]+/, '').trim())
          .filter(Boolean),
      ),
    ownerName: optionalText(200, 'objectives.form.theOwnerSNameMust'),
    periodStart: optionalDate('The start date'),
    reviewDue: optionalDate('The review date'),
    indicators: optionalText(5000, 'objectives.form.theIndicatorsMustBe5'),
    criteriaRefs: z
      .string()
      .optional()
      .transform((value, context) => {
        const parsed = parseCriteriaRefs(value ?? '');
        if (!parsed.ok) {
          context.addIssue({
            code: 'custom',
            message: `Framework references are numbers like 1.2 or 3.10: ${parsed.problem}`,
          });
          return z.NEVER;
        }
        return parsed.value;
      }),
    status: z.enum(['draft', 'active', 'achieved', 'withdrawn'], {
      message: 'objectives.form.selectAStatus',
    }),
  })
  .superRefine((form, context) => {
    if (!form.periodStart || !form.reviewDue) return;
    if (form.reviewDue <= form.periodStart) {
      context.addIssue({
        code: 'custom',
        path: ['reviewDue'],
        message: 'objectives.form.theReviewDateMustBe',
      });
      return;
    }
    const limit = new Date(`${form.periodStart}T00:00:00Z`);
    limit.setUTCFullYear(limit.getUTCFullYear() + MAX_OBJECTIVE_YEARS);
    if (form.reviewDue > limit.toISOString().slice(0, 10)) {
      context.addIssue({
        code: 'custom',
        path: ['reviewDue'],
        message: `Equality objectives must be reviewed and published at least every ${MAX_OBJECTIVE_YEARS} years: choose a review date within ${MAX_OBJECTIVE_YEARS} years of the start`,
      });
    }
  });

export type ObjectiveForm = z.infer<typeof objectiveForm>;
