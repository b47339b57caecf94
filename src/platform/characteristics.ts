/**
 * The nine protected characteristics of the Equality Act 2010 (s.4), plus the local extras many
 * councils add to their equality work. Keys are stable identifiers stored in the database.
 */
export const PROTECTED_CHARACTERISTICS = {
  age: 'Age',
  disability: 'Disability',
  gender_reassignment: 'Gender reassignment',
  marriage_civil_partnership: 'Marriage and civil partnership',
  pregnancy_maternity: 'Pregnancy and maternity',
  race: 'Race',
  religion_belief: 'Religion or belief',
  sex: 'Sex',
  sexual_orientation: 'Sexual orientation',
} as const;

export const LOCAL_CHARACTERISTICS = {
  carers: 'Carers',
  socio_economic: 'Socio-economic disadvantage',
  rural_isolation: 'Rural isolation',
} as const;

/** "All": the work concerns every protected characteristic. */
export const ALL_STRANDS = 'all';

export type Characteristic = keyof typeof PROTECTED_CHARACTERISTICS | keyof typeof LOCAL_CHARACTERISTICS;
export type Strand = Characteristic | typeof ALL_STRANDS;

export const STRAND_LABELS: Record<Strand, string> = {
  all: 'All',
  ...PROTECTED_CHARACTERISTICS,
  ...LOCAL_CHARACTERISTICS,
};

export function isStrand(value: string): value is Strand {
  return value in STRAND_LABELS;
}
