import { z } from 'zod';

/**
 * The framework definition format (docs/framework-definitions.md). A framework — EFLG, NHS EDS or
 * a council's own scheme — is data: its levels, areas, criteria and the rules that turn criterion
 * ratings into levels. Nothing in the code knows what "Achieving" means.
 */
export const DEFINITION_FORMAT = 'equalis-framework/1';

const id = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and hyphens (like eflg-2021)');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

const levelSchema = z.strictObject({
  id: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_-]{0,40}$/, 'must be a short lower-case identifier'),
  name: text(60),
  score: z.number().int().min(0).max(100).optional(),
  description: text(2000).optional(),
});

const subAreaSchema = z.strictObject({ id: text(20), name: text(200), description: text(4000).optional() });
const areaSchema = subAreaSchema.extend({ areas: z.array(subAreaSchema).optional() });

const criterionSchema = z.strictObject({
  ref: text(20),
  area: text(20),
  level: z.string().trim().optional(),
  text: text(4000),
  guidance: text(8000).optional(),
  evidence: z.array(text(500)).optional(),
});

const statusRating = z.strictObject({ kind: z.literal('status') });
const scoreRating = z.strictObject({
  kind: z.literal('score'),
  min: z.number().int().min(0),
  max: z.number().int().max(100),
});

const band = z.strictObject({
  min: z.number().int().min(0),
  max: z.number().int().min(0),
  level: z.string().trim(),
});

/** Area level = the highest level whose criteria, and every lower level's, are all met. */
const allCriteriaMetRule = z.strictObject({
  kind: z.literal('all-criteria-met'),
  evidence: z.enum(['optional', 'required', 'current']),
  overall: z.literal('lowest-area'),
});

/** Criteria are scored; totals map to a level through bands (NHS EDS 2022). */
const scoreTotalRule = z.strictObject({
  kind: z.literal('score-total'),
  evidence: z.enum(['optional', 'required', 'current']),
  bands: z.array(band).min(1),
  areaLevel: z.literal('mean-score'),
});

/**
 * Every object is strict: a key the format does not know (often a typo such as "guidence" in a
 * file typed up by hand) is reported rather than silently dropped.
 */
export const definitionSchema = z.strictObject({
  /** Where an editor finds the JSON Schema (`equalis framework schema`); ignored otherwise. */
  $schema: z.string().optional(),
  format: z.literal(DEFINITION_FORMAT, { message: `must be "${DEFINITION_FORMAT}"` }),
  id,
  name: text(200),
  version: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'must be letters, digits, dots and hyphens (like 2021)'),
  owner: text(200),
  source: text(500).optional(),
  wording: z.enum(['own-words', 'official']),
  notice: text(2000).optional(),
  levels: z.array(levelSchema).min(1),
  rating: z.discriminatedUnion('kind', [statusRating, scoreRating]),
  areas: z.array(areaSchema).min(1),
  criteria: z.array(criterionSchema).min(1),
  rules: z.discriminatedUnion('kind', [allCriteriaMetRule, scoreTotalRule]),
});

export type FrameworkDefinition = z.infer<typeof definitionSchema>;
export type FrameworkLevel = FrameworkDefinition['levels'][number];
export type FrameworkArea = FrameworkDefinition['areas'][number];
export type FrameworkCriterion = FrameworkDefinition['criteria'][number];

export type DefinitionResult =
  { ok: true; definition: FrameworkDefinition } | { ok: false; problems: string[] };

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(values.filter((value) => seen.has(value) || !seen.add(value)))];
}

/** The checks a schema cannot express: references between parts of the definition. */
function crossCheck(definition: FrameworkDefinition): string[] {
  const problems: string[] = [];
  const levelIds = definition.levels.map((level) => level.id);
  const areaIds = definition.areas.flatMap((area) => [area.id, ...(area.areas ?? []).map((sub) => sub.id)]);
  const leafIds = new Set(
    definition.areas.flatMap((area) => (area.areas?.length ? area.areas.map((sub) => sub.id) : [area.id])),
  );
  for (const dup of duplicates(levelIds)) problems.push(`levels: the id "${dup}" is used twice`);
  for (const dup of duplicates(areaIds)) problems.push(`areas: the id "${dup}" is used twice`);
  for (const dup of duplicates(definition.criteria.map((criterion) => criterion.ref)))
    problems.push(`criteria: the reference "${dup}" is used twice`);

  definition.criteria.forEach((criterion, index) => {
    const where = `criteria[${index}] (${criterion.ref})`;
    if (!leafIds.has(criterion.area))
      problems.push(
        `${where}: area "${criterion.area}" is not an area${areaIds.includes(criterion.area) ? ' without sub-areas; use one of its sub-areas' : ''}`,
      );
    if (definition.rating.kind === 'status' && !criterion.level)
      problems.push(`${where}: needs a level, because this framework rates criteria as met or not`);
    if (criterion.level && !levelIds.includes(criterion.level))
      problems.push(`${where}: level "${criterion.level}" is not one of ${levelIds.join(', ')}`);
  });
  for (const area of definition.areas) {
    const ids = area.areas?.length ? area.areas.map((sub) => sub.id) : [area.id];
    if (!definition.criteria.some((criterion) => ids.includes(criterion.area)))
      problems.push(`areas: "${area.name}" has no criteria`);
  }

  const { rules, rating } = definition;
  if (rules.kind === 'all-criteria-met' && rating.kind !== 'status')
    problems.push('rules: "all-criteria-met" needs "rating": { "kind": "status" }');
  if (rules.kind === 'score-total') {
    if (rating.kind !== 'score') problems.push('rules: "score-total" needs "rating": { "kind": "score", … }');
    else {
      if (rating.min >= rating.max) problems.push('rating: "min" must be below "max"');
      const maxTotal = rating.max * definition.criteria.length;
      const sorted = [...rules.bands].sort((a, b) => a.min - b.min);
      let next = rating.min * definition.criteria.length;
      for (const current of sorted) {
        if (!levelIds.includes(current.level))
          problems.push(`rules.bands: level "${current.level}" is not one of ${levelIds.join(', ')}`);
        if (current.max < current.min) problems.push(`rules.bands: ${current.min}–${current.max} is empty`);
        if (current.min !== next)
          problems.push(
            `rules.bands: totals must be covered without gaps or overlaps; expected a band starting at ${next}, found ${current.min}`,
          );
        next = current.max + 1;
      }
      if (next !== maxTotal + 1)
        problems.push(`rules.bands: the last band must end at the highest possible total, ${maxTotal}`);
      for (const level of definition.levels)
        if (level.score === undefined) problems.push(`levels: "${level.id}" needs a score for "mean-score"`);
    }
  }
  return problems;
}

/** Validates a parsed JSON value as a framework definition; problems name where they are. */
export function validateDefinition(input: unknown): DefinitionResult {
  const parsed = definitionSchema.safeParse(input);
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || 'definition'}: ${issue.message}`,
      ),
    };
  const problems = crossCheck(parsed.data);
  return problems.length ? { ok: false, problems } : { ok: true, definition: parsed.data };
}

/** The format as a JSON Schema, for editors that check a file while it is typed. */
export function definitionJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(definitionSchema, { io: 'input' }),
    title: 'Equalis framework definition',
    description: `A framework (levels, areas, criteria and the rules that turn ratings into levels) in the ${DEFINITION_FORMAT} format. Equalis also checks what a schema cannot: references between parts, duplicates and score bands.`,
  };
}

/** "eflg-2021@2021": how a definition is named in URLs, the CLI and assessments. */
export function definitionKey(definition: Pick<FrameworkDefinition, 'id' | 'version'>): string {
  return `${definition.id}@${definition.version}`;
}

/** The top-level area each leaf area (sub-area, or an area without sub-areas) belongs to. */
export function topAreaOf(definition: FrameworkDefinition): Map<string, FrameworkArea> {
  const map = new Map<string, FrameworkArea>();
  for (const area of definition.areas) {
    map.set(area.id, area);
    for (const sub of area.areas ?? []) map.set(sub.id, area);
  }
  return map;
}

/** The display name of any area or sub-area id. */
export function areaNames(definition: FrameworkDefinition): Map<string, string> {
  const names = new Map<string, string>();
  for (const area of definition.areas) {
    names.set(area.id, area.name);
    for (const sub of area.areas ?? []) names.set(sub.id, sub.name);
  }
  return names;
}
