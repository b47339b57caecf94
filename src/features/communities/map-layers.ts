import type { Db } from '../../db/connect.ts';
import { NotFoundError } from '../../platform/http-errors.ts';
import { disclosurePolicyOf, publishedShare, publishTable } from '../../stats/disclosure.ts';
import { joinGeometries, type AreaShape } from './area-shapes.ts';
import { classificationById } from './classifications.ts';
import type { AreaRow, CommunitiesRepo, DatasetRow } from './communities.repo.ts';
import { ancestorsOf, LEVELS, type Level } from './geography.ts';
import { createRecentlyUsed } from '../../platform/recently-used.ts';

/**
 * What a map of community data needs, and nothing more: for a current dataset, one category's
 * published share in every area of one kind (optionally only those within an area), and the
 * areas' outlines. Shares come from figures published under the organisation's disclosure
 * policy, exactly as on profiles; an area whose share is hidden says so, it is not left out.
 */
export interface MapLayerChoice {
  datasetId?: string;
  level?: string;
  within?: string;
  category?: string;
}

export interface MapLayerArea {
  code: string;
  name: string;
  /** The share, 0–1, as published; null when it is hidden or there is no figure. */
  share: number | null;
  why: 'hidden' | 'no-figure' | null;
}

export interface MapLayer {
  dataset: DatasetRow;
  /** Current datasets that can be mapped (some level has outlines). */
  datasets: { id: string; title: string }[];
  classification: { id: string; title: string; categories: { code: string; label: string }[] };
  category: { code: string; label: string };
  level: Level;
  levels: Level[];
  within: AreaRow | null;
  /** Areas a map may be narrowed to: those above the level that hold some of its areas. */
  withinChoices: AreaRow[];
  areas: MapLayerArea[];
  /** Changes whenever the outlines of these areas do: a drawn map is kept against it. */
  shapesStamp: string;
}

/** The map first shown: counts before percentages, and the richest breakdown (most groups) of those. */
function defaultOf(datasets: DatasetRow[]): DatasetRow | undefined {
  const groups = (dataset: DatasetRow) => classificationById(dataset.classification)?.categories.length ?? 0;
  return [...datasets].sort(
    (a, b) => Number(b.measure === 'count') - Number(a.measure === 'count') || groups(b) - groups(a),
  )[0];
}

export function createMapLayers(deps: { db: Db; repo: CommunitiesRepo }) {
  const { db, repo } = deps;
  // Layers worked out, by organisation, choice and the stamp of the data they came from: a map
  // looked at again (by another person, in another language, with other classes) is not worked
  // out again until some of that data changes.
  const kept = createRecentlyUsed<MapLayer | null>(64);

  async function mappableLevels(organisationId: string, dataset: DatasetRow): Promise<Level[]> {
    const [levels, shaped] = await Promise.all([
      repo.levelsOfDataset(db, organisationId, dataset.id),
      repo.shapeLevels(db, organisationId),
    ]);
    const withShapes = new Set(shaped.map((one) => one.level));
    // A custom area is drawn from its members' outlines, so it can be mapped once any exist.
    return LEVELS.filter((level) =>
      levels.some(
        (one) => one.level === level && (withShapes.has(level) || (level === 'custom' && withShapes.size)),
      ),
    );
  }

  async function layerNow(organisationId: string, choice: MapLayerChoice): Promise<MapLayer | null> {
    const current = (await repo.datasets(db, organisationId)).filter(
      (dataset) => dataset.supersededBy === null && classificationById(dataset.classification),
    );
    const withLevels = await Promise.all(
      current.map(async (dataset) => ({ dataset, levels: await mappableLevels(organisationId, dataset) })),
    );
    const mappable = withLevels.filter((one) => one.levels.length > 0);
    if (mappable.length === 0) return null;
    const picked = choice.datasetId
      ? mappable.find((one) => one.dataset.id === choice.datasetId)
      : mappable.find((one) => one.dataset.id === defaultOf(mappable.map((each) => each.dataset))?.id);
    if (!picked) throw new NotFoundError();
    const { dataset, levels } = picked;
    const classification = classificationById(dataset.classification)!;
    // Smallest areas first: that is the map people come for.
    const level = levels.find((one) => one === choice.level) ?? levels[0]!;
    const category =
      classification.categories.find((one) => one.code === choice.category) ?? classification.categories[0]!;
    const [figures, allAreas, policyId] = await Promise.all([
      repo.figuresAtLevel(db, organisationId, dataset.id, level),
      repo.allAreas(db, organisationId),
      repo.disclosurePolicy(db, organisationId),
    ]);
    const byCode = new Map(allAreas.map((area) => [area.code, area]));
    const parentOf = new Map(allAreas.map((area) => [area.code, area.parentCode]));
    const valuesByArea = new Map<string, { name: string; values: Map<string, number> }>();
    for (const figure of figures) {
      const entry = valuesByArea.get(figure.areaCode) ?? { name: figure.areaName, values: new Map() };
      entry.values.set(figure.category, figure.value);
      valuesByArea.set(figure.areaCode, entry);
    }
    const above = new Map([...valuesByArea.keys()].map((code) => [code, ancestorsOf(code, parentOf)]));
    const containing = new Map<string, number>();
    for (const codes of above.values())
      for (const code of codes) containing.set(code, (containing.get(code) ?? 0) + 1);
    const within =
      choice.within && containing.has(choice.within) ? (byCode.get(choice.within) ?? null) : null;
    const policy = disclosurePolicyOf(policyId);
    const areas: MapLayerArea[] = [];
    for (const [code, entry] of valuesByArea) {
      if (within && !above.get(code)!.includes(within.code)) continue;
      let share: number | null;
      if (dataset.measure === 'percent') {
        const value = entry.values.get(category.code);
        share = value === undefined ? null : value / 100;
      } else {
        const table = publishTable(
          [classification.categories.map((one) => entry.values.get(one.code) ?? 0)],
          policy,
        );
        const index = classification.categories.indexOf(category);
        share = publishedShare(table.cells[0]![index]!, table.grandTotal);
      }
      const why =
        share !== null ? null : dataset.measure === 'count' && entry.values.size ? 'hidden' : 'no-figure';
      areas.push({ code, name: entry.name, share, why });
    }
    areas.sort((a, b) => a.name.localeCompare(b.name));
    const codes = areas.map((area) => area.code);
    const stamp = await repo.shapesStamp(
      db,
      organisationId,
      level === 'custom' ? await memberCodes(codes) : codes,
    );
    return {
      dataset,
      datasets: mappable.map((one) => ({ id: one.dataset.id, title: one.dataset.title })),
      classification: {
        id: classification.id,
        title: classification.title,
        categories: classification.categories.map(({ code, label }) => ({ code, label })),
      },
      category: { code: category.code, label: category.label },
      level,
      levels,
      within,
      withinChoices: [...containing.keys()]
        .map((code) => byCode.get(code))
        .filter((area): area is AreaRow => !!area && containing.get(area.code)! > 1)
        .sort((a, b) => LEVELS.indexOf(b.level) - LEVELS.indexOf(a.level) || a.name.localeCompare(b.name)),
      areas,
      shapesStamp: `${level}:${stamp.count}:${stamp.newest ?? ''}`,
    };

    async function memberCodes(custom: string[]) {
      const members = await repo.customMembers(db, organisationId);
      return custom.flatMap((code) => members.get(code) ?? []);
    }
  }

  return {
    /** Changes whenever the data any layer is worked out from does (see `dataStamp`). */
    async stamp(organisationId: string): Promise<string> {
      return repo.dataStamp(db, organisationId);
    },

    /** A layer, worked out afresh only when its data has changed since (`stamp`, if the caller has it). */
    async layer(
      organisationId: string,
      choice: MapLayerChoice,
      knownStamp?: string,
    ): Promise<MapLayer | null> {
      const stamp = knownStamp ?? (await repo.dataStamp(db, organisationId));
      const key = JSON.stringify([
        organisationId,
        stamp,
        choice.datasetId,
        choice.level,
        choice.within,
        choice.category,
      ]);
      if (kept.has(key)) return kept.get(key)!;
      return kept.set(key, await layerNow(organisationId, choice));
    },

    /** The outlines of these areas; a custom area's is its members' outlines together. */
    async shapes(organisationId: string, codes: string[]): Promise<AreaShape[]> {
      const members = await repo.customMembers(db, organisationId);
      const own = codes.filter((code) => !members.has(code));
      const custom = codes.filter((code) => members.has(code));
      const memberShapes = await repo.shapes(db, organisationId, [
        ...new Set(custom.flatMap((code) => members.get(code)!)),
      ]);
      const byMember = new Map(memberShapes.map((shape) => [shape.code, shape.geometry]));
      const joined = custom.flatMap((code) => {
        const geometry = joinGeometries(members.get(code)!.flatMap((member) => byMember.get(member) ?? []));
        return geometry ? [{ code, geometry }] : [];
      });
      return [...(await repo.shapes(db, organisationId, own)), ...joined];
    },
  };
}

export type MapLayers = ReturnType<typeof createMapLayers>;
