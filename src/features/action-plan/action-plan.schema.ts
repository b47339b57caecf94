import { z } from 'zod';

export const progressForm = z.object({
  note: z
    .string()
    .trim()
    .min(1, 'Describe the progress made')
    .max(4000, 'Progress notes must be 4,000 characters or fewer'),
  state: z.enum(['on_track', 'at_risk', 'completed'], { message: 'Select how the action is going' }),
  percentComplete: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine((value) => value === undefined || (/^\d{1,3}$/.test(value) && Number(value) <= 100), {
      message: 'Enter the percentage complete as a whole number from 0 to 100, or leave it empty',
    })
    .transform((value) => (value === undefined ? null : Number(value))),
});

export const pasteImportForm = z.object({
  text: z
    .string()
    .min(1, 'Paste your action plan, copied from Word or Excel')
    .max(5_000_000, 'The plan is too long to paste: upload it as a file'),
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
    .min(1, 'Enter a name for this version, like “2026 update”')
    .max(100, 'The name must be 100 characters or fewer'),
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
  .refine((value) => value === null || /^[0-9a-f-]{36}$/i.test(value), { message: 'Choose from the list' });

/** Changing an action in place: its fields written as the plan writes them. */
export const actionEditForm = z.object({
  text: z
    .string()
    .trim()
    .min(1, 'Enter what the action will do')
    .max(4000, 'The action must be 4,000 characters or fewer'),
  target: optionalText(200, 'The target must be 200 characters or fewer'),
  leads: optionalText(1000, 'The lead officers must be 1,000 characters or fewer'),
  partners: optionalText(1000, 'The partners must be 1,000 characters or fewer'),
  criteria: optionalText(500, 'The framework references must be 500 characters or fewer'),
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
    .min(1, 'Say why the action is being withdrawn')
    .max(1000, 'The reason must be 1,000 characters or fewer'),
});
