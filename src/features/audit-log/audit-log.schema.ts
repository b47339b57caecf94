import { z } from 'zod';
import { isIsoDate } from '../../platform/dates.ts';
import { isId } from '../../platform/ids.ts';

const optionalText = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((value) => (value ? value : undefined));

/** A date typed as YYYY-MM-DD; anything else is reported rather than silently ignored. */
const optionalDate = z
  .string()
  .trim()
  .optional()
  .refine((value) => !value || isIsoDate(value), {
    message: 'auditLog.form.enterARealDateLike',
  })
  .transform((value) => (value ? value : undefined));

export const auditFilterQuery = z.object({
  actor: z
    .string()
    .optional()
    .transform((value) => (isId(value) ? value : undefined)),
  action: optionalText,
  entityType: optionalText,
  text: optionalText,
  from: optionalDate,
  to: optionalDate,
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export type AuditFilterQuery = z.infer<typeof auditFilterQuery>;
