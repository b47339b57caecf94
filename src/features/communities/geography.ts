/**
 * Geography as ONS writes it. Every area has a GSS code of nine characters: a letter for the
 * nation (E, W, S, N), two digits for the kind of area ("entity"), six for the area. The entity
 * says the level, so a code alone tells us whether it is an Output Area or a local authority.
 * Levels run from the smallest up; custom areas (an estate, a partnership area) sit beside them.
 */
export const LEVELS = ['oa', 'lsoa', 'msoa', 'ward', 'lad', 'region', 'country', 'nation', 'custom'] as const;
export type Level = (typeof LEVELS)[number];

/** The levels a figure rolls up through, smallest first (wards and custom areas are beside them). */
export const ROLL_UP_ORDER: readonly Level[] = ['oa', 'lsoa', 'msoa', 'lad', 'region', 'country', 'nation'];

const ENTITIES: Record<string, Level> = {
  E00: 'oa',
  W00: 'oa',
  E01: 'lsoa',
  W01: 'lsoa',
  E02: 'msoa',
  W02: 'msoa',
  E05: 'ward',
  W05: 'ward',
  E06: 'lad', // unitary authority
  E07: 'lad', // non-metropolitan district
  E08: 'lad', // metropolitan district
  E09: 'lad', // London borough
  W06: 'lad', // Welsh unitary authority
  E12: 'region',
  E92: 'country',
  W92: 'country',
  K04: 'nation', // England and Wales
};

export function isGssCode(value: string): boolean {
  return /^[EWSNK]\d{8}$/.test(value);
}

/** The level a GSS code belongs to, or null when the code is not one we know. */
export function levelOfCode(code: string): Level | null {
  if (!isGssCode(code)) return null;
  return ENTITIES[code.slice(0, 3)] ?? null;
}

export function isLevel(value: unknown): value is Level {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}

/**
 * The local authority an LSOA or MSOA is named after. ONS names each small area after its local
 * authority and a number ("Brighton and Hove 026A", "Mid Sussex 012"), so where no lookup file
 * is to hand the name gives the parent. Null when the name does not follow the pattern.
 */
export function authorityNamedIn(smallAreaName: string): string | null {
  const match = /^(.+?)\s+\d{3}[A-Z]?$/.exec(smallAreaName.trim());
  return match ? match[1]! : null;
}

export interface AreaLink {
  code: string;
  parentCode: string | null;
}

/** Every area above `code`, nearest first, by following parent links (a cycle is cut short). */
export function ancestorsOf(code: string, parentOf: ReadonlyMap<string, string | null>): string[] {
  const found: string[] = [];
  const seen = new Set([code]);
  let next = parentOf.get(code) ?? null;
  while (next && !seen.has(next)) {
    found.push(next);
    seen.add(next);
    next = parentOf.get(next) ?? null;
  }
  return found;
}
