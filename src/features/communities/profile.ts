import {
  publishedShare,
  publishTable,
  type DisclosurePolicy,
  type PublishedFigure,
} from '../../stats/disclosure.ts';
import { difference, differsFrom, proportion, type Estimate } from '../../stats/proportions.ts';
import type { Classification } from './classifications.ts';
import type { AreaRow, DatasetRow } from './communities.repo.ts';

/**
 * An area's community profile, ready to show: for each current dataset, every category's count
 * and share here and in the area it sits in, as published under the organisation's disclosure
 * policy (shares and intervals are worked out from published figures only), with whether the
 * difference from the comparator is clear. Pure: the service reads, this works it out.
 */
export interface ProfileRow {
  code: string;
  label: string;
  here: PublishedFigure;
  share: number | null;
  interval: Estimate | null;
  comparatorShare: number | null;
  /** Here against the comparator, when both are published: the difference of shares, with its interval. */
  difference: Estimate | null;
  comparison: 'above' | 'below' | 'no clear difference' | null;
}

export interface ProfileSection {
  dataset: DatasetRow;
  /** Counts (published under the disclosure policy) or percentages as their publisher gave them. */
  measure: 'count' | 'percent';
  classification: { id: string; title: string };
  comparator: { code: string; name: string } | null;
  total: PublishedFigure;
  comparatorTotal: PublishedFigure | null;
  rows: ProfileRow[];
  /** The largest group here, and the group furthest from the comparator (when the interval says so). */
  largest: ProfileRow | null;
  mostDifferent: ProfileRow | null;
}

export interface Profile {
  area: AreaRow;
  ancestors: AreaRow[];
  children: AreaRow[];
  policy: DisclosurePolicy;
  sections: ProfileSection[];
}

export function buildProfile(input: {
  area: AreaRow;
  ancestors: AreaRow[];
  children: AreaRow[];
  datasets: DatasetRow[];
  figures: { datasetId: string; areaCode: string; category: string; value: number }[];
  policy: DisclosurePolicy;
  classificationOf: (id: string) => Classification | undefined;
  /** Names of areas outside the area's own line (England, Wales), for comparing with. */
  nameOf?: (code: string) => string | undefined;
}): Profile {
  const { area, ancestors, policy } = input;
  const sections: ProfileSection[] = [];
  for (const dataset of input.datasets) {
    const classification = input.classificationOf(dataset.classification);
    if (!classification) continue;
    const valueOf = (areaCode: string, category: string) =>
      input.figures.find(
        (f) => f.datasetId === dataset.id && f.areaCode === areaCode && f.category === category,
      )?.value;
    const hasData = (areaCode: string) =>
      classification.categories.some((c) => valueOf(areaCode, c.code) !== undefined);
    if (!hasData(area.code)) continue;
    const comparator =
      ancestors.find((ancestor) => hasData(ancestor.code)) ??
      nationalComparators(area.code)
        .filter((code) => code !== area.code && hasData(code))
        .map((code) => ({ code, name: input.nameOf?.(code) ?? code }))[0] ??
      null;
    if (dataset.measure === 'percent') {
      sections.push(percentSection(dataset, classification, comparator, valueOf, area.code));
      continue;
    }
    const publish = (areaCode: string) => {
      const table = publishTable(
        [classification.categories.map((c) => valueOf(areaCode, c.code) ?? 0)],
        policy,
      );
      return { cells: table.cells[0]!, total: table.grandTotal };
    };
    const here = publish(area.code);
    const there = comparator ? publish(comparator.code) : null;
    const rows: ProfileRow[] = classification.categories.map((category, index) => {
      const figure = here.cells[index]!;
      const share = publishedShare(figure, here.total);
      const interval = share === null ? null : proportion(figure.value!, here.total.value!);
      const comparatorShare = there ? publishedShare(there.cells[index]!, there.total) : null;
      const gap =
        share !== null && comparatorShare !== null
          ? difference(figure.value!, here.total.value!, there!.cells[index]!.value!, there!.total.value!)
          : null;
      return {
        code: category.code,
        label: category.label,
        here: figure,
        share,
        interval,
        comparatorShare,
        difference: gap,
        comparison: gap ? differsFrom(gap, 0) : null,
      };
    });
    const shown = rows.filter((row) => row.share !== null);
    const largest = shown.reduce<ProfileRow | null>(
      (best, row) => (!best || row.share! > best.share! ? row : best),
      null,
    );
    const clear = rows.filter((row) => row.comparison === 'above' || row.comparison === 'below');
    const mostDifferent = clear.reduce<ProfileRow | null>(
      (best, row) =>
        !best || Math.abs(row.difference!.estimate) > Math.abs(best.difference!.estimate) ? row : best,
      null,
    );
    sections.push({
      dataset,
      measure: 'count',
      classification: { id: classification.id, title: classification.title },
      comparator: comparator ? { code: comparator.code, name: comparator.name } : null,
      total: here.total,
      comparatorTotal: there?.total ?? null,
      rows,
      largest,
      mostDifferent,
    });
  }
  return { area, ancestors, children: input.children, policy, sections };
}

/** The national figures an area can be compared with when no area above it has the data. */
export function nationalComparators(code: string): string[] {
  const country = code.startsWith('W') ? 'W92000004' : code.startsWith('E') ? 'E92000001' : null;
  return [...(country ? [country] : []), 'K04000001'];
}

/**
 * A section of percentages as their publisher gave them: no counts, so nothing to suppress or
 * round, and no intervals; the comparison with the comparator is stated, not tested.
 */
function percentSection(
  dataset: DatasetRow,
  classification: Classification,
  comparator: { code: string; name: string } | null,
  valueOf: (areaCode: string, category: string) => number | undefined,
  areaCode: string,
): ProfileSection {
  const none: PublishedFigure = { value: null, hidden: null };
  const rows: ProfileRow[] = classification.categories.map((category) => {
    const here = valueOf(areaCode, category.code);
    const there = comparator ? valueOf(comparator.code, category.code) : undefined;
    return {
      code: category.code,
      label: category.label,
      here: none,
      share: here === undefined ? null : here / 100,
      interval: null,
      comparatorShare: there === undefined ? null : there / 100,
      difference: null,
      comparison: null,
    };
  });
  const largest = rows.reduce<ProfileRow | null>(
    (best, row) => (row.share !== null && (!best || row.share > best.share!) ? row : best),
    null,
  );
  return {
    dataset,
    measure: 'percent',
    classification: { id: classification.id, title: classification.title },
    comparator,
    total: none,
    comparatorTotal: null,
    rows,
    largest,
    mostDifferent: null,
  };
}
