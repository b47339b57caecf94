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

/** Who is asking: a person in an organisation, with their role there. */
export interface Person {
  userId: string | null;
  role: Role;
}

/**
 * The service acting on its own account (the command line, the demo seed), said explicitly rather
 * than by pretending to be someone with a role. Policies let it do what the caller already
 * decided; routes never pass it.
 */
export const THE_SYSTEM = Object.freeze({ system: true as const });
export type Asker = Person | typeof THE_SYSTEM;

export const isTheSystem = (asker: Asker): asker is typeof THE_SYSTEM => 'system' in asker;
