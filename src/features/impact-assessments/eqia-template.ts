/**
 * The impact assessment template as data: the screening questions with their scores, the
 * characteristics assessed (the nine protected by the Equality Act and the local extras an
 * organisation chooses), the three aims of the general duty and the outcomes a decision can
 * take. An organisation's template is versioned; each assessment keeps the version it was
 * started on, so changing the template never rewrites an assessment already made.
 * Words are locale keys, so the template reads in Welsh as well as English.
 */

export type Nature = 'positive' | 'neutral' | 'negative' | 'unknown';
export const NATURES: readonly Nature[] = ['positive', 'neutral', 'negative', 'unknown'];
export type Severity = 'low' | 'medium' | 'high';
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high'];
export type Aim = 'eliminate' | 'advance' | 'foster';
export const AIMS: readonly Aim[] = ['eliminate', 'advance', 'foster'];
export type Outcome = 'no_change' | 'adjust' | 'continue' | 'stop';
export const OUTCOMES: readonly Outcome[] = ['no_change', 'adjust', 'continue', 'stop'];

export interface Characteristic {
  id: string;
  /** Protected by the Equality Act 2010 s.4, or a local extra the organisation chose. */
  protected: boolean;
  /** The community-data classification its population profile comes from, if any. */
  classification: string | null;
  /** The monitoring question a service asks about it, if any (monitoring/question-bank.ts). */
  question: string | null;
}

export interface ScreeningQuestion {
  id: string;
  /** What a "yes" adds to the score. */
  weight: number;
  /** A "yes" means a full assessment whatever the score (a likely adverse impact, say). */
  decisive?: boolean;
}

export interface EqiaTemplate {
  version: number;
  screening: ScreeningQuestion[];
  /** A score at or above this needs a full assessment. */
  threshold: number;
  characteristics: Characteristic[];
}

/** The nine protected characteristics (s.4), in the Act's order. */
export const PROTECTED: readonly Characteristic[] = [
  { id: 'age', protected: true, classification: 'age-8', question: 'age' },
  { id: 'disability', protected: true, classification: 'disability-ea-2', question: 'disability' },
  {
    id: 'gender-reassignment',
    protected: true,
    classification: 'gender-identity-7',
    question: 'gender-identity',
  },
  { id: 'marriage', protected: true, classification: null, question: null },
  { id: 'pregnancy', protected: true, classification: null, question: null },
  { id: 'race', protected: true, classification: 'ethnic-group-5', question: 'ethnic-group' },
  { id: 'religion', protected: true, classification: 'religion-10', question: 'religion' },
  { id: 'sex', protected: true, classification: 'sex', question: 'sex' },
  {
    id: 'sexual-orientation',
    protected: true,
    classification: 'sexual-orientation-6',
    question: 'sexual-orientation',
  },
];

/** The local extras councils commonly add (domain-facts §6), offered when setting up the template. */
export const LOCAL_EXTRAS: readonly Characteristic[] = [
  { id: 'carers', protected: false, classification: 'unpaid-care-3', question: 'carer' },
  { id: 'socio-economic', protected: false, classification: null, question: null },
  { id: 'care-experienced', protected: false, classification: null, question: 'care-experienced' },
  { id: 'armed-forces', protected: false, classification: null, question: null },
  { id: 'rurality', protected: false, classification: null, question: null },
  { id: 'offending-history', protected: false, classification: null, question: null },
];

export const SCREENING_QUESTIONS: readonly ScreeningQuestion[] = [
  { id: 'affectsPeople', weight: 2 },
  { id: 'changesService', weight: 2 },
  { id: 'reducesAccess', weight: 3, decisive: true },
  { id: 'differentNeeds', weight: 2 },
  { id: 'concernsRaised', weight: 2 },
  { id: 'largeBudget', weight: 1 },
  { id: 'staffAffected', weight: 1 },
];

/** The template an organisation starts with: every protected characteristic, carers and socio-economic disadvantage. */
export function defaultTemplate(): EqiaTemplate {
  return {
    version: 1,
    screening: [...SCREENING_QUESTIONS],
    threshold: 4,
    characteristics: [
      ...PROTECTED,
      ...LOCAL_EXTRAS.filter((extra) => ['carers', 'socio-economic'].includes(extra.id)),
    ],
  };
}

/** The next version of a template with the local extras chosen (the protected nine always stay). */
export function withLocalExtras(
  template: EqiaTemplate,
  extraIds: readonly string[],
  threshold: number,
): EqiaTemplate {
  const chosen = new Set(extraIds);
  return {
    version: template.version + 1,
    screening: template.screening,
    threshold,
    characteristics: [...PROTECTED, ...LOCAL_EXTRAS.filter((extra) => chosen.has(extra.id))],
  };
}

/** Marriage and civil partnership counts only for the first aim of the general duty (s.149(7)). */
export function aimsFor(characteristic: Pick<Characteristic, 'id'>): readonly Aim[] {
  return characteristic.id === 'marriage' ? ['eliminate'] : AIMS;
}

export interface ScreeningResult {
  score: number;
  /** The most the questions could score, for "5 of 13". */
  outOf: number;
  fullNeeded: boolean;
  /** Why, as the questions answered "yes" that decided it. */
  decidedBy: string[];
  /** Questions not yet answered: no decision until every one is. */
  unanswered: string[];
}

/**
 * Scores the screening: each "yes" adds its weight; a full assessment is needed at or above the
 * threshold, or on any decisive "yes". Unanswered questions leave the decision open.
 */
export function screen(
  template: Pick<EqiaTemplate, 'screening' | 'threshold'>,
  answers: Record<string, boolean | undefined>,
): ScreeningResult {
  let score = 0;
  let outOf = 0;
  const decidedBy: string[] = [];
  const unanswered: string[] = [];
  let decisive = false;
  for (const question of template.screening) {
    outOf += question.weight;
    const answer = answers[question.id];
    if (answer === undefined) unanswered.push(question.id);
    else if (answer) {
      score += question.weight;
      decidedBy.push(question.id);
      if (question.decisive) decisive = true;
    }
  }
  return { score, outOf, fullNeeded: decisive || score >= template.threshold, decidedBy, unanswered };
}

/** Reads a stored template back, refusing anything that is not one (a hand-edited row, say). */
export function readTemplate(value: unknown): EqiaTemplate {
  const template = value as EqiaTemplate;
  if (
    !template ||
    typeof template.version !== 'number' ||
    !Array.isArray(template.screening) ||
    !Array.isArray(template.characteristics) ||
    typeof template.threshold !== 'number'
  )
    throw new Error('The stored impact assessment template is not valid');
  return template;
}
