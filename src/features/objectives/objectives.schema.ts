import { z } from 'zod';
import { optionalDate, optionalText } from '../../platform/form-fields.ts';
import { parseCriteriaRefs } from '../action-plan/plan-fields.ts';

/** The PSED's specific duties: publish objectives at least every four years. */
export const MAX_OBJECTIVE_YEARS = 4;

export const objectiveForm = z
  .object({
    reference: optionalText(20, 'The reference must be 20 characters or fewer'),
    title: z
      .string()
      .trim()
      .min(1, 'Enter the objective')
      .max(300, 'The objective must be 300 characters or fewer'),
    description: optionalText(5000, 'The description must be 5,000 characters or fewer'),
    kind: z.enum(['organisational', 'service'], {
      message: 'Select whether this is an organisational or a service objective',
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
    ownerName: optionalText(200, 'The owner’s name must be 200 characters or fewer'),
    periodStart: optionalDate('The start date'),
    reviewDue: optionalDate('The review date'),
    indicators: optionalText(5000, 'The indicators must be 5,000 characters or fewer'),
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
    status: z.enum(['draft', 'active', 'achieved', 'withdrawn'], { message: 'Select a status' }),
  })
  .superRefine((form, context) => {
    if (!form.periodStart || !form.reviewDue) return;
    if (form.reviewDue <= form.periodStart) {
      context.addIssue({
        code: 'custom',
        path: ['reviewDue'],
        message: 'The review date must be after the start date',
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
