import { z } from 'zod';
import { contrastRatio, MIN_BRAND_CONTRAST } from '../../platform/colour.ts';
import { isDisclosurePresetId } from '../../stats/disclosure.ts';

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
  .min(1, 'organisations.form.enterTheOrganisationSName')
  .max(200, 'organisations.form.theOrganisationSNameMust');

export const settingsForm = z.object({
  name: organisationName,
  brandColour: z
    .string()
    .trim()
    .toLowerCase()
    .transform((value) => (value === '' ? null : value.startsWith('#') ? value : `#${value}`))
    .refine((value) => value === null || /^#[0-9a-f]{6}$/.test(value), {
      message: 'organisations.form.enterTheBrandColourAs',
    })
    .refine(
      (value) =>
        value === null ||
        !/^#[0-9a-f]{6}$/.test(value) ||
        contrastRatio(value, '#ffffff') >= MIN_BRAND_CONTRAST,
      {
        // The key's words give the ratio MIN_BRAND_CONTRAST sets (3:1).
        message: 'organisations.form.brandTooPale',
      },
    ),
  /** The disclosure control every published figure gets (a preset from stats/disclosure.ts). */
  disclosurePolicy: z
    .string()
    .optional()
    .refine((value) => value === undefined || isDisclosurePresetId(value), {
      message: 'organisations.form.choosePolicy',
    }),
});

export type SettingsForm = z.infer<typeof settingsForm>;
