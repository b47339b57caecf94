import {
  publishCount,
  publishedShare,
  publishTable,
  type DisclosurePolicy,
  type PublishedFigure,
} from '../../stats/disclosure.ts';
import { differsFrom, representationAgainst, type Estimate } from '../../stats/proportions.ts';
import type { Breakdown } from '../communities/community-measures.ts';

/**
 * The workforce against the community it serves, for one snapshot: each characteristic's groups
 * among staff who said, beside the same groups' shares of the area's population, with how
 * represented each is (its share ÷ the population's, with an interval); how many have not said,
 * as a figure of its own; and the groups by grade and by directorate. Every count is published
 * under the organisation's disclosure policy (tables with secondary suppression), and shares and
 * intervals are worked out from what is published. Pure.
 */
export const CHARACTERISTICS = [
  { id: 'sex', classification: 'sex', groups: ['female', 'male'] },
  {
    id: 'ethnicity',
    classification: 'ethnic-group-5',
    groups: ['white', 'asian', 'black', 'mixed', 'other'],
  },
  { id: 'disability', classification: 'disability-ea-2', groups: ['disabled', 'not_disabled'] },
] as const;

export type CharacteristicId = (typeof CHARACTERISTICS)[number]['id'];

export interface StaffRow {
  sex: string | null;
  ethnicity: string | null;
  disability: string | null;
  grade: string | null;
  directorate: string | null;
}

export interface ProfileGroup {
  group: string;
  staff: PublishedFigure;
  share: number | null;
  populationShare: number | null;
  representation: Estimate | null;
  comparison: 'above' | 'below' | 'no clear difference' | null;
}

export interface CrossTable {
  /** Grades (or directorates) down the side, groups across, every cell published. */
  labels: string[];
  cells: PublishedFigure[][];
}

export interface CharacteristicProfile {
  id: CharacteristicId;
  declared: PublishedFigure;
  undisclosed: PublishedFigure;
  undisclosedRate: number | null;
  groups: ProfileGroup[];
  population: Breakdown | null;
  byGrade: CrossTable;
  byDirectorate: CrossTable;
}

function crossTable(
  rows: readonly StaffRow[],
  by: 'grade' | 'directorate',
  id: CharacteristicId,
  groups: readonly string[],
  policy: DisclosurePolicy,
): CrossTable {
  const labels = [...new Set(rows.map((row) => row[by] ?? ''))]
    .filter(Boolean)
    .sort((a, b) => a.localeCompare(b, 'en-GB', { numeric: true }));
  if (labels.length === 0) return { labels: [], cells: [] };
  const counts = labels.map((label) =>
    groups.map((group) => rows.filter((row) => row[by] === label && row[id] === group).length),
  );
  return { labels, cells: publishTable(counts, policy).cells };
}

export function buildWorkforceProfile(input: {
  rows: readonly StaffRow[];
  population: Partial<Record<CharacteristicId, Breakdown | null>>;
  policy: DisclosurePolicy;
}): CharacteristicProfile[] {
  const { rows, policy } = input;
  return CHARACTERISTICS.map(({ id, groups }) => {
    const declaredCount = rows.filter((row) => row[id] !== null).length;
    const declared = publishCount(declaredCount, policy);
    const undisclosed = publishCount(rows.length - declaredCount, policy);
    const published = publishTable(
      [groups.map((group) => rows.filter((row) => row[id] === group).length)],
      policy,
    );
    const population = input.population[id] ?? null;
    return {
      id,
      declared,
      undisclosed,
      undisclosedRate: publishedShare(undisclosed, publishCount(rows.length, policy)),
      population,
      groups: groups.map((group, index) => {
        const staff = published.cells[0]![index]!;
        const share = publishedShare(staff, published.grandTotal);
        const populationShare =
          population?.categories.find((category) => category.code === group)?.share ?? null;
        const representation =
          share !== null && populationShare !== null
            ? representationAgainst(staff.value!, published.grandTotal.value!, populationShare)
            : null;
        return {
          group,
          staff,
          share,
          populationShare,
          representation,
          comparison: representation ? differsFrom(representation, 1) : null,
        };
      }),
      byGrade: crossTable(rows, 'grade', id, groups, policy),
      byDirectorate: crossTable(rows, 'directorate', id, groups, policy),
    };
  });
}
