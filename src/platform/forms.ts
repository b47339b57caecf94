import type { z } from 'zod';
import type { RuleError } from './http-errors.ts';
import { t as english, word, type Translate } from './i18n/i18n.ts';
import type { FormError } from './views.ts';

export type FormResult<T> =
  { ok: true; data: T } | { ok: false; errors: FormError[]; fieldErrors: Record<string, string> };

/**
 * Validates a submitted form against a zod schema and, on failure, shapes the problems for the
 * GOV.UK error summary (`{ text, href: '#field' }`) and for each field's inline message. Only the
 * first problem per field is kept: one clear message beats three. A schema's messages are locale
 * keys, worded here in the reader's language (`request.t`).
 */
export function parseForm<S extends z.ZodType>(
  schema: S,
  body: unknown,
  t: Translate = english,
): FormResult<z.infer<S>> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    fieldErrors[field] ??= word(issue.message, t);
  }
  const errors = Object.entries(fieldErrors).map(([field, text]) => ({ text, href: `#${field}` }));
  return { ok: false, errors, fieldErrors };
}

/** Turns `{ field: message }` into the error summary list, for problems found by a service. */
export function formErrors(fieldErrors: Record<string, string>): FormError[] {
  return Object.entries(fieldErrors).map(([field, text]) => ({ text, href: `#${field}` }));
}

/** The largest version a record can reach: versions are PostgreSQL `integer`s. */
const MAX_VERSION = 2 ** 31 - 1;

/**
 * Reads a `version` hidden field; anything unparseable or out of range counts as stale, which is
 * the safe side (the person sees the conflict page, not a server error).
 */
export function submittedVersion(body: unknown): number {
  const value = Number((body as Record<string, unknown> | undefined)?.version);
  return Number.isInteger(value) && value > 0 && value <= MAX_VERSION ? value : 0;
}

type MultipartPart = { type?: string; value?: unknown; filename?: string; toBuffer?: () => Promise<Buffer> };

/**
 * A multipart form (one with a file) arrives with each field as `{ value }`, and repeated fields
 * (checkboxes) as arrays. This gives the same plain shape a urlencoded form has, so one zod
 * schema reads both.
 */
export function multipartFields(body: unknown): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [name, part] of Object.entries(
    (body ?? {}) as Record<string, MultipartPart | MultipartPart[]>,
  )) {
    const parts = Array.isArray(part) ? part : [part];
    const values = parts
      .filter((p) => p?.type === 'field' && typeof p.value === 'string')
      .map((p) => p.value as string);
    if (values.length === 1 && !Array.isArray(part)) fields[name] = values[0]!;
    else if (values.length > 0) fields[name] = values;
  }
  return fields;
}

/** The uploaded file in `name`, or null when none was chosen (browsers send an empty part). */
export async function uploadedFile(
  body: unknown,
  name = 'file',
): Promise<{ fileName: string; content: Buffer } | null> {
  const part = ((body ?? {}) as Record<string, MultipartPart | undefined>)[name];
  if (!part || part.type !== 'file' || !part.filename || !part.toBuffer) return null;
  const content = await part.toBuffer();
  return { fileName: part.filename, content };
}

/** A rule a service refused (`RuleError`), shaped for the form and worded in the reader's language. */
export function ruleProblem(
  error: RuleError,
  t: Translate = english,
): { errors: FormError[]; fieldErrors: Record<string, string> } {
  const fieldErrors = { [error.field]: ruleMessage(error, t) };
  return { errors: formErrors(fieldErrors), fieldErrors };
}

/** A refused rule's message in the reader's language. */
export function ruleMessage(error: RuleError, t: Translate = english): string {
  return word(error.message, t, error.values);
}

/** A submitted form's fields as strings (a repeated field is joined by commas), for forms read by hand. */
export function formStrings(body: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries((body ?? {}) as Record<string, unknown>).map(([key, value]) => [key, String(value ?? '')]),
  );
}
