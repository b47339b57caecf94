import { parseCriteriaRefs, parseStrands, parseTarget } from './plan-fields.ts';

/**
 * Which column of a council's plan holds what. Councils name their columns in their own words
 * ("What we will do", "By when", "Responsible officer"), so a heading is matched against the
 * words British councils use for each field, exactly, as a phrase inside a longer heading, or
 * nearly (a typo); a column whose heading says nothing (often the reference column's is blank) is
 * judged by what its cells look like. The person can then change any choice, and what they chose
 * is remembered for their organisation's next import. Pure; tested in plan-columns.test.ts.
 */
export const PLAN_FIELDS = [
  'reference',
  'parent',
  'area',
  'action',
  'target',
  'leads',
  'partners',
  'criteria',
  'strands',
  'status',
  'progress',
] as const;
export type PlanField = (typeof PLAN_FIELDS)[number];
/** What a column is read as: one of the fields, or nothing (the column is listed as not used). */
export type ColumnChoice = PlanField | 'ignore';

export function isColumnChoice(value: unknown): value is ColumnChoice {
  return value === 'ignore' || (PLAN_FIELDS as readonly unknown[]).includes(value);
}

export const FIELD_LABELS: Record<PlanField, string> = {
  reference: 'Reference',
  parent: 'Parent reference (the action it belongs to)',
  area: 'Area, theme or objective',
  action: 'Action (what will be done)',
  target: 'Target date',
  leads: 'Lead officers',
  partners: 'Partner organisations',
  criteria: 'Framework references',
  strands: 'Equality strands',
  status: 'Status or RAG',
  progress: 'Progress so far',
};

/** The words councils head each column with, normalised (lower case, no punctuation). */
const SYNONYMS: Record<PlanField, string[]> = {
  reference: [
    'ref',
    'reference',
    'no',
    'number',
    'item',
    'action no',
    'action number',
    'action ref',
    'id',
    'ref no',
  ],
  parent: [
    'parent',
    'parent ref',
    'parent reference',
    'sub action of',
    'part of',
    'belongs to',
    'parent action',
  ],
  area: [
    'area',
    'theme',
    'objective',
    'equality objective',
    'priority',
    'outcome',
    'workstream',
    'section',
    'performance area',
    'eflg area',
    'framework area',
    'strategic objective',
  ],
  action: [
    'action',
    'actions',
    'what we will do',
    'what will we do',
    'what we are going to do',
    'activity',
    'activities',
    'task',
    'action required',
    'actions required',
    'key actions',
    'description',
    'deliverable',
    'action description',
  ],
  target: [
    'completion date',
    'target date',
    'target',
    'by when',
    'when',
    'due',
    'due date',
    'deadline',
    'timescale',
    'timescales',
    'timeframe',
    'date',
    'completion',
    'end date',
    'target completion',
    'completion target',
  ],
  leads: [
    'lead',
    'lead officer',
    'lead officers',
    'responsible officer',
    'responsible',
    'responsibility',
    'owner',
    'who',
    'accountable officer',
    'officer',
    'lead person',
    'action owner',
    'lead responsibility',
  ],
  partners: [
    'partners',
    'partner',
    'partner organisations',
    'working with',
    'in partnership with',
    'key partners',
  ],
  criteria: [
    'eflg',
    'elg',
    'framework',
    'criteria',
    'framework ref',
    'eflg ref',
    'eds',
    'eflg criteria',
    'criterion',
  ],
  strands: [
    'strand',
    'strands',
    'equality strand',
    'equality strands',
    'protected characteristic',
    'protected characteristics',
    'characteristic',
    'characteristics',
    'equality group',
    'equality groups',
    'who benefits',
    'equality area',
  ],
  status: ['status', 'rag', 'rag status', 'progress status', 'completed', 'done', 'current status'],
  progress: [
    'progress',
    'update',
    'progress update',
    'latest progress',
    'comments',
    'commentary',
    'progress to date',
    'notes',
  ],
};

/** "Lead Officer/s" → "lead officer"; "By when?" → "by when"; "Ref." → "ref". */
export function normaliseHeading(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/\(s\)|\/s\b/g, '')
    .replace(/[^a-z0-9&\s]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Edit distance, for headings with a typo ("Responsable officer"). */
function distance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j]!;
      previous[j] = Math.min(
        previous[j]! + 1,
        previous[j - 1]! + 1,
        diagonal + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

export type MatchStrength = 'remembered' | 'exact' | 'phrase' | 'near';
const STRENGTH_ORDER: MatchStrength[] = ['remembered', 'exact', 'phrase', 'near'];

/** The field a heading names, and how sure we are; null when it names none. */
export function fieldOfHeading(heading: string): { field: PlanField; strength: MatchStrength } | null {
  const normal = normaliseHeading(heading);
  if (normal === '') return null;
  for (const field of PLAN_FIELDS) if (SYNONYMS[field].includes(normal)) return { field, strength: 'exact' };
  // The longest synonym found as whole words inside the heading: "Completion date (month/year)".
  let best: { field: PlanField; length: number } | null = null;
  for (const field of PLAN_FIELDS)
    for (const synonym of SYNONYMS[field])
      if (synonym.length > (best?.length ?? 0) && ` ${normal} `.includes(` ${synonym} `))
        best = { field, length: synonym.length };
  if (best && best.length >= 3) return { field: best.field, strength: 'phrase' };
  for (const field of PLAN_FIELDS)
    for (const synonym of SYNONYMS[field])
      if (synonym.length >= 6 && distance(normal, synonym) <= Math.floor(synonym.length / 6))
        return { field, strength: 'near' };
  return null;
}

const REFERENCE = /^(\d+(\.\d+)*[a-z]?|\d+(\.\d+)*\s*\((?:[ivxlc]+|[a-z]|\d+)\)|[A-Z]{1,3}\d+(\.\d+)*)$/;
const PERSON = /^[A-Z][a-zA-Z'’-]+(?: [A-Z][a-zA-Z'’-]+){1,2}$/;

/** What a column's cells look like: the share of non-empty cells of each shape. */
export function valueShapes(values: readonly string[]) {
  const filled = values.map((value) => value.trim()).filter(Boolean);
  const share = (test: (value: string) => boolean) =>
    filled.length === 0 ? 0 : filled.filter(test).length / filled.length;
  return {
    filled: filled.length,
    reference: share((value) => REFERENCE.test(value)),
    target: share((value) => {
      const target = parseTarget(value);
      return target.ok && target.value.kind !== 'none';
    }),
    strands: share((value) => {
      const strands = parseStrands(value, { suggest: false });
      return strands.ok && strands.value.length > 0;
    }),
    criteria: share((value) => {
      const criteria = parseCriteriaRefs(value);
      return criteria.ok && criteria.value.length > 1;
    }),
    person: share((value) => value.split(/[/,;\n]/).every((part) => PERSON.test(part.trim()))),
    meanLength:
      filled.length === 0 ? 0 : filled.reduce((total, value) => total + value.length, 0) / filled.length,
  };
}

export interface ColumnReading {
  index: number;
  heading: string;
  /** What Equalis reads the column as; null when it is not used. */
  field: PlanField | null;
  /** Why: the person's earlier choice, the heading, what the cells look like, or nothing. */
  basis: MatchStrength | 'values' | 'chosen' | 'none';
  /** The first few non-empty cells, to show the person. */
  samples: string[];
}

/**
 * How to read each column of one table, from its headings and its first rows. `choices` are the
 * person's own, by normalised heading (remembered from earlier imports, or chosen just now), and
 * win over everything. Each field is read from one column; a second column that names the same
 * field is listed as not used rather than silently merged.
 */
export function readColumns(
  headings: readonly string[],
  rows: readonly (readonly string[])[],
  choices: ReadonlyMap<string, ColumnChoice> = new Map(),
): ColumnReading[] {
  const columnValues = headings.map((_, index) => rows.map((row) => row[index] ?? ''));
  const readings: ColumnReading[] = headings.map((heading, index) => ({
    index,
    heading,
    field: null,
    basis: 'none',
    samples: columnValues[index]!.map((value) => value.trim())
      .filter(Boolean)
      .slice(0, 3),
  }));
  const taken = new Map<PlanField, number>();
  const claim = (reading: ColumnReading, field: PlanField, basis: ColumnReading['basis']) => {
    reading.field = field;
    reading.basis = basis;
    taken.set(field, reading.index);
  };

  // 1. The person's own choices.
  for (const reading of readings) {
    const choice = choices.get(normaliseHeading(reading.heading));
    if (choice === 'ignore') reading.basis = 'chosen';
    else if (choice && !taken.has(choice)) claim(reading, choice, 'chosen');
  }
  // 2. Headings, strongest matches first.
  const matches = readings
    .filter((reading) => reading.basis === 'none')
    .map((reading) => ({ reading, match: fieldOfHeading(reading.heading) }))
    .filter((entry) => entry.match !== null)
    .sort((a, b) => STRENGTH_ORDER.indexOf(a.match!.strength) - STRENGTH_ORDER.indexOf(b.match!.strength));
  for (const { reading, match } of matches)
    if (!taken.has(match!.field)) claim(reading, match!.field, match!.strength);

  // 3. What the cells look like, for columns the headings left unread.
  const open = () => readings.filter((reading) => reading.basis === 'none' && reading.samples.length > 0);
  const shapes = new Map(
    readings.map((reading) => [reading.index, valueShapes(columnValues[reading.index]!)]),
  );
  const byShape: [PlanField, (shape: ReturnType<typeof valueShapes>) => boolean][] = [
    ['reference', (shape) => shape.reference >= 0.8],
    ['target', (shape) => shape.target >= 0.7],
    ['strands', (shape) => shape.strands >= 0.7],
    ['criteria', (shape) => shape.criteria >= 0.7],
    ['leads', (shape) => shape.person >= 0.7],
  ];
  for (const [field, fits] of byShape) {
    if (taken.has(field)) continue;
    const found = open().find((reading) => fits(shapes.get(reading.index)!));
    if (found) claim(found, field, 'values');
  }
  // The action is the column of long text, when no heading said so.
  if (!taken.has('action')) {
    const longest = open()
      .filter((reading) => shapes.get(reading.index)!.meanLength >= 25)
      .sort((a, b) => shapes.get(b.index)!.meanLength - shapes.get(a.index)!.meanLength)[0];
    if (longest) claim(longest, 'action', 'values');
  }
  return readings;
}

/** How many of a row's cells name a field: a header row names at least two. */
export function headingMatches(cells: readonly string[]): number {
  return cells.filter((cell) => fieldOfHeading(cell) !== null).length;
}
