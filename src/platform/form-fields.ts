import { z } from 'zod';
import { isIsoDate } from './dates.ts';
import { isId } from './ids.ts';

/**
 * Form fields every feature needs, read the same way everywhere: an empty answer is null, a date
 * must be a real calendar date, and a repeated field (checkboxes) is always a list.
 */
export const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((value) => (value ? value : null));

export const optionalDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .refine((value) => !value || isIsoDate(value), {
      message: `${label} must be a real date, like 2026-04-01`,
    })
    .transform((value) => (value ? value : null));

/** A choice of record by id (a person, say); anything that is not an id gets `message`. */
export const optionalId = (message: string) =>
  z
    .string()
    .optional()
    .refine((value) => !value || isId(value), { message })
    .transform((value) => (value ? value : null));

/** Checkboxes: one ticked box arrives as a string, several as an array, none as nothing. */
export const repeated = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]).filter(Boolean));
