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
