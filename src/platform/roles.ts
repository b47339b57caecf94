/** The roles a person can hold in an organisation. A person may hold a different role in each. */
export const ROLES = ['admin', 'equality_lead', 'contributor', 'viewer', 'assessor'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Common groupings, so route declarations read as intent rather than lists. */
export const EVERY_ROLE: readonly Role[] = ROLES;
export const ADMINS: readonly Role[] = ['admin'];
/** People who run the equality programme day to day. */
export const LEADS: readonly Role[] = ['admin', 'equality_lead'];
/** People who change records: leads plus lead officers posting progress. */
export const EDITORS: readonly Role[] = ['admin', 'equality_lead', 'contributor'];
/** Everyone inside the organisation (assessors are outsiders with a narrower view). */
export const STAFF: readonly Role[] = ['admin', 'equality_lead', 'contributor', 'viewer'];
