import { ancestorsOf } from './geography.ts';

/** One count: people in a category in an area. */
export interface Figure {
  areaCode: string;
  category: string;
  value: number;
}

/**
 * The same counts added up to every area above the ones given (each LSOA's into its local
 * authority, that into its region, and so on), so pages read a ready total and never add up
 * rows per request. An area given directly is not summed again; counts for areas with no parent
 * simply stop there.
 */
export function rollUp(figures: readonly Figure[], parentOf: ReadonlyMap<string, string | null>): Figure[] {
  const given = new Set(figures.map((figure) => figure.areaCode));
  const totals = new Map<string, Map<string, number>>();
  for (const figure of figures) {
    for (const ancestor of ancestorsOf(figure.areaCode, parentOf)) {
      if (given.has(ancestor)) continue;
      const byCategory = totals.get(ancestor) ?? new Map<string, number>();
      byCategory.set(figure.category, (byCategory.get(figure.category) ?? 0) + figure.value);
      totals.set(ancestor, byCategory);
    }
  }
  return [...totals].flatMap(([areaCode, byCategory]) =>
    [...byCategory].map(([category, value]) => ({ areaCode, category, value })),
  );
}

/**
 * Each custom area's counts: the sums of its members' counts (given or rolled up), category by
 * category. Only a custom area all of whose members have figures in the dataset gets any (a sum
 * over some of them would be a wrong total, not a smaller one); `incomplete` names the others
 * that have some.
 */
export function customRollUp(
  figures: readonly Figure[],
  members: ReadonlyMap<string, readonly string[]>,
): { figures: Figure[]; incomplete: string[] } {
  const byArea = new Map<string, Map<string, number>>();
  for (const figure of figures) {
    const byCategory = byArea.get(figure.areaCode) ?? new Map<string, number>();
    byCategory.set(figure.category, figure.value);
    byArea.set(figure.areaCode, byCategory);
  }
  const result: Figure[] = [];
  const incomplete: string[] = [];
  for (const [customCode, codes] of members) {
    const totals = new Map<string, number>();
    let found = 0;
    for (const code of codes) {
      const counts = byArea.get(code);
      if (!counts) continue;
      found += 1;
      for (const [category, value] of counts) totals.set(category, (totals.get(category) ?? 0) + value);
    }
    if (found === 0) continue;
    if (found < codes.length) {
      incomplete.push(customCode);
      continue;
    }
    for (const [category, value] of totals) result.push({ areaCode: customCode, category, value });
  }
  return { figures: result, incomplete };
}
