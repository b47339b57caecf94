import type { Strand } from '../../platform/characteristics.ts';
import type { ActionStatus } from './action-status.ts';

/**
 * A published version freezes each action as it stood. Comparing two versions answers the
 * committee's questions: what was added or dropped, what was completed, and what slipped (its
 * target moved later). Pure functions, property-tested.
 */
export interface VersionAction {
  reference: string;
  parentReference: string | null;
  area: string;
  text: string;
  targetText: string;
  targetEnd: string | null;
  status: ActionStatus;
  leads: string[];
  strands: Strand[];
  criteria: string[];
  /** The latest progress note when the version was published (older versions may lack it). */
  latestNote?: string | null;
}

export interface PlanComparison {
  added: VersionAction[];
  removed: VersionAction[];
  completed: { before: VersionAction; after: VersionAction }[];
  slipped: { before: VersionAction; after: VersionAction }[];
  statusChanged: { before: VersionAction; after: VersionAction }[];
  /** Edited in place: what it says, its target, leads, strands, references, area or parent. */
  changed: { before: VersionAction; after: VersionAction; fields: string[] }[];
}

/** The fields an edit can change, with the words the comparison uses for them. */
const EDITABLE: [keyof VersionAction, string][] = [
  ['text', 'wording'],
  ['targetText', 'target'],
  ['leads', 'lead officers'],
  ['strands', 'strands'],
  ['criteria', 'framework references'],
  ['area', 'area'],
  ['parentReference', 'parent'],
];

/** Which of an action's fields differ between two versions (arrays compared in order). */
export function changedFields(before: VersionAction, after: VersionAction): string[] {
  return EDITABLE.filter(
    ([key]) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null),
  ).map(([, words]) => words);
}

export function comparePlans(before: VersionAction[], after: VersionAction[]): PlanComparison {
  const earlier = new Map(before.map((action) => [action.reference, action]));
  const later = new Map(after.map((action) => [action.reference, action]));
  const comparison: PlanComparison = {
    added: [],
    removed: [],
    completed: [],
    slipped: [],
    statusChanged: [],
    changed: [],
  };
  for (const action of after) if (!earlier.has(action.reference)) comparison.added.push(action);
  for (const action of before) if (!later.has(action.reference)) comparison.removed.push(action);
  for (const next of after) {
    const previous = earlier.get(next.reference);
    if (!previous) continue;
    const pair = { before: previous, after: next };
    if (next.status === 'completed' && previous.status !== 'completed') comparison.completed.push(pair);
    else if (next.status !== previous.status) comparison.statusChanged.push(pair);
    // Slipped: the target moved later, or an on-going/unset target replaced a dated one.
    const moved =
      previous.targetEnd !== null &&
      (next.targetEnd === null ? next.status !== 'completed' : next.targetEnd > previous.targetEnd);
    if (moved) comparison.slipped.push(pair);
    const fields = changedFields(previous, next);
    if (fields.length > 0) comparison.changed.push({ ...pair, fields });
  }
  return comparison;
}

export function isUnchanged(comparison: PlanComparison): boolean {
  return Object.values(comparison).every((list) => list.length === 0);
}
