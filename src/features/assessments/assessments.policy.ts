import { LEADS, type Person } from '../../platform/roles.ts';
import type { FrameworkDefinition } from '../frameworks/framework-definition.ts';
import { areasInScope } from '../frameworks/framework-levels.ts';
import { topAreaOf } from '../frameworks/framework-definition.ts';

/**
 * What an assessment covers, as one rule used everywhere: its criterion pages, its ratings and
 * comments, and which evidence a peer assessor may open. A criterion outside the assessment's
 * scope is not part of the assessment at all — no one rates it there, and an assessor shown a
 * module-1-only assessment cannot reach module 4 through it. Pure; tested beside this file.
 */
export function criterionInScope(
  definition: FrameworkDefinition,
  scope: readonly string[],
  ref: string,
): boolean {
  const criterion = definition.criteria.find((candidate) => candidate.ref === ref);
  if (!criterion) return false;
  const topArea = topAreaOf(definition).get(criterion.area);
  return topArea !== undefined && areasInScope(definition, scope).some((area) => area.id === topArea.id);
}

/** The criteria an assessment covers, as `framework-id criterion-ref` keys. */
export function criteriaInScope(definition: FrameworkDefinition, scope: readonly string[]): string[] {
  return definition.criteria
    .filter((criterion) => criterionInScope(definition, scope, criterion.ref))
    .map((criterion) => criterionKey(definition.id, criterion.ref));
}

export const criterionKey = (frameworkId: string, ref: string) => `${frameworkId} ${ref}`;

/**
 * A peer assessor may open an evidence item only when it supports a criterion inside the scope of
 * an assessment shared with them.
 */
export function assessorMayOpenEvidence(
  sharedCriteria: ReadonlySet<string>,
  links: readonly { frameworkId: string; criterionRef: string }[],
): boolean {
  return links.some((link) => sharedCriteria.has(criterionKey(link.frameworkId, link.criterionRef)));
}

/**
 * Who may rate a criterion (and write its narrative): the equality leads; a contributor on the
 * areas they were asked to contribute to, or on a criterion they own. Nobody while the
 * assessment is closed. The criterion page shows the rating form only when this says yes, and
 * the service refuses the rest.
 */
export function mayRate(
  person: Person,
  criterion: { closed: boolean; areaContributorIds: readonly string[]; ownerUserId: string | null },
): boolean {
  if (criterion.closed) return false;
  if (LEADS.includes(person.role)) return true;
  if (person.role !== 'contributor' || person.userId === null) return false;
  return criterion.areaContributorIds.includes(person.userId) || criterion.ownerUserId === person.userId;
}
