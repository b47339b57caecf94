import type { FrameworkDefinition } from './framework-definition.ts';

/**
 * Where two framework definitions differ: what a council checks before moving an assessment to a
 * new version, or after typing up the official text. Pure and order-insensitive for criteria.
 */
export interface DefinitionChange {
  change: 'added' | 'removed' | 'changed';
  part: 'details' | 'level' | 'area' | 'criterion' | 'rules';
  key: string;
  before: string | null;
  after: string | null;
}

type Keyed = { key: string; text: string };

function compare(part: DefinitionChange['part'], before: Keyed[], after: Keyed[]): DefinitionChange[] {
  const changes: DefinitionChange[] = [];
  const afterByKey = new Map(after.map((item) => [item.key, item]));
  const beforeKeys = new Set(before.map((item) => item.key));
  for (const item of before) {
    const other = afterByKey.get(item.key);
    if (!other) changes.push({ change: 'removed', part, key: item.key, before: item.text, after: null });
    else if (other.text !== item.text)
      changes.push({ change: 'changed', part, key: item.key, before: item.text, after: other.text });
  }
  for (const item of after)
    if (!beforeKeys.has(item.key))
      changes.push({ change: 'added', part, key: item.key, before: null, after: item.text });
  return changes;
}

const describeCriterion = (criterion: FrameworkDefinition['criteria'][number]) =>
  [
    criterion.text,
    `Area ${criterion.area}${criterion.level ? `, ${criterion.level}` : ''}`,
    criterion.guidance ? `Guidance: ${criterion.guidance}` : '',
    criterion.evidence?.length ? `Suggested evidence: ${criterion.evidence.join('; ')}` : '',
  ]
    .filter(Boolean)
    .join('\n');

export function diffDefinitions(before: FrameworkDefinition, after: FrameworkDefinition): DefinitionChange[] {
  const details = (definition: FrameworkDefinition): Keyed[] => [
    { key: 'name', text: definition.name },
    { key: 'owner', text: definition.owner },
    { key: 'source', text: definition.source ?? '' },
    { key: 'wording', text: definition.wording },
    { key: 'rating', text: JSON.stringify(definition.rating) },
  ];
  const levels = (definition: FrameworkDefinition): Keyed[] =>
    definition.levels.map((level, index) => ({
      key: level.id,
      text: `${index + 1}. ${level.name}${level.score === undefined ? '' : ` (score ${level.score})`}`,
    }));
  const areas = (definition: FrameworkDefinition): Keyed[] =>
    definition.areas.flatMap((area) => [
      { key: area.id, text: area.name },
      ...(area.areas ?? []).map((sub) => ({ key: sub.id, text: `${sub.name} (in ${area.id})` })),
    ]);
  const criteria = (definition: FrameworkDefinition): Keyed[] =>
    definition.criteria.map((criterion) => ({ key: criterion.ref, text: describeCriterion(criterion) }));
  return [
    ...compare('details', details(before), details(after)),
    ...compare('level', levels(before), levels(after)),
    ...compare('area', areas(before), areas(after)),
    ...compare('criterion', criteria(before), criteria(after)),
    ...compare(
      'rules',
      [{ key: 'rules', text: JSON.stringify(before.rules, null, 1) }],
      [{ key: 'rules', text: JSON.stringify(after.rules, null, 1) }],
    ),
  ];
}
