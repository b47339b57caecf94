import { z } from 'zod';
import { contrastRatio, MIN_BRAND_CONTRAST } from '../../platform/colour.ts';

export const organisationSlug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)*$/,
    'Use lower-case letters, numbers and single hyphens, like "demo-district"',
  )
  .max(60);

export const organisationName = z
  .string()
  .trim()
  .min(1, 'Enter the organisation’s name')
  .max(200, 'The organisation’s name must be 200 characters or fewer');

export const settingsForm = z.object({
  name: organisationName,
  brandColour: z
    .string()
    .trim()
    .toLowerCase()
    .transform((value) => (value === '' ? null : value.startsWith('#') ? value : `#${value}`))
    .refine((value) => value === null || /^#[0-9a-f]{6}$/.test(value), {
      message: 'Enter the brand colour as a hex code, like #1d70b8, or leave it empty',
    })
    .refine(
      (value) =>
        value === null ||
        !/^#[0-9a-f]{6}$/.test(value) ||
        contrastRatio(value, '#ffffff') >= MIN_BRAND_CONTRAST,
      {
        message: `The brand colour is too pale to see against white: choose a darker colour (it needs a contrast ratio of at least ${MIN_BRAND_CONTRAST}:1)`,
      },
    ),
});

export type SettingsForm = z.infer<typeof settingsForm>;
