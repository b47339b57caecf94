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
