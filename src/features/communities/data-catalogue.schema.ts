import { z } from 'zod';
import { isStrand } from '../../platform/characteristics.ts';

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'communities.catalogue.form.tooLong')
    .optional()
    .transform((value) => (value ? value : null));

/** An entry in the data catalogue, as its form sends it; messages are locale keys. */
export const catalogueForm = z.object({
  title: z
    .string()
    .trim()
    .min(1, 'communities.catalogue.form.enterTitle')
    .max(200, 'communities.catalogue.form.tooLong'),
  service: z
    .string()
    .trim()
    .min(1, 'communities.catalogue.form.enterService')
    .max(200, 'communities.catalogue.form.tooLong'),
  owner: z
    .string()
    .trim()
    .min(1, 'communities.catalogue.form.enterOwner')
    .max(200, 'communities.catalogue.form.tooLong'),
  characteristics: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) => ([] as string[]).concat(value ?? []))
    .refine((values) => values.every(isStrand), {
      message: 'communities.catalogue.form.chooseCharacteristics',
    }),
  geography: optional(200),
  frequency: optional(200),
  location: optional(500),
  legalBasis: optional(500),
  retention: optional(200),
});
