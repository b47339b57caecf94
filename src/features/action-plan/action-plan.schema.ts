import { z } from 'zod';

export const progressForm = z.object({
  note: z
    .string()
    .trim()
    .min(1, 'actionPlan.form.describeTheProgressMade')
    .max(4000, 'actionPlan.form.progressNotesMustBe4'),
  state: z.enum(['on_track', 'at_risk', 'completed'], { message: 'actionPlan.form.selectHowTheActionIs' }),
  percentComplete: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine((value) => value === undefined || (/^\d{1,3}$/.test(value) && Number(value) <= 100), {
      message: 'actionPlan.form.enterThePercentageCompleteAs',
    })
    .transform((value) => (value === undefined ? null : Number(value))),
});

export const pasteImportForm = z.object({
  text: z
    .string()
    .min(1, 'actionPlan.form.pasteYourActionPlanCopied')
    .max(5_000_000, 'actionPlan.form.thePlanIsTooLong'),
  fileName: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((value) => value || 'pasted plan'),
});

export const publishForm = z.object({
  label: z
    .string()
    .trim()
    .min(1, 'actionPlan.form.enterANameForThis')
    .max(100, 'actionPlan.form.theNameMustBe100'),
});

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((value) => value ?? '');

const optionalId = z
  .string()
  .trim()
  .optional()
  .transform((value) => value || null)
  .refine((value) => value === null || /^[0-9a-f-]{36}$/i.test(value), {
    message: 'actionPlan.form.chooseFromTheList',
  });

/** Changing an action in place: its fields written as the plan writes them. */
export const actionEditForm = z.object({
  text: z
    .string()
    .trim()
    .min(1, 'actionPlan.form.enterWhatTheActionWill')
    .max(4000, 'actionPlan.form.theActionMustBe4'),
  target: optionalText(200, 'actionPlan.form.theTargetMustBe200'),
  leads: optionalText(1000, 'actionPlan.form.theLeadOfficersMustBe'),
  partners: optionalText(1000, 'actionPlan.form.thePartnersMustBe1'),
  criteria: optionalText(500, 'actionPlan.form.theFrameworkReferencesMustBe'),
  strands: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value])),
  areaId: optionalId,
  parentId: optionalId,
});

export const withdrawActionForm = z.object({
  reason: z
    .string()
    .trim()
    .min(1, 'actionPlan.form.sayWhyTheActionIs')
    .max(1000, 'actionPlan.form.theReasonMustBe1'),
});
