import { createRecentlyUsed } from '../../platform/recently-used.ts';
import { classify, type Classing, type ClassMethod } from '../../stats/classify.ts';
import { quantile } from '../../stats/distribution.ts';
import type { MapLayer, MapLayerChoice, MapLayers } from '../communities/map-layers.ts';
import { drawChoropleth, projectAreas, type Choropleth, type ProjectedMap } from './choropleth.ts';
import { paletteColours, type PaletteId } from './palettes.ts';

export interface MapOptions extends MapLayerChoice {
  method: ClassMethod;
  classes: number;
  palette: PaletteId;
}

/** What the map's sentence says: the highest and lowest areas and the middle half's spread. */
export interface MapSummary {
  shown: number;
  withoutFigure: number;
  highest: { name: string; share: number } | null;
  lowest: { name: string; share: number } | null;
  lowerQuartile: number | null;
  upperQuartile: number | null;
}

export interface PreparedMap {
  layer: MapLayer;
  options: MapOptions;
  classing: Classing | null;
  summary: MapSummary;
}

export interface MapWords {
  title: string;
  summary: string;
  legendTitle: string;
  noFigureText: string;
  rangeText: (lower: number, upper: number, count: number) => string;
  describe: (area: { name: string; share: number | null; why: string | null }) => string;
}

export const MAP_WIDTH = 800;
const KEPT = 32;

export function summariseMap(layer: Pick<MapLayer, 'areas'>): MapSummary {
  const shown = layer.areas.filter((area) => area.share !== null);
  const shares = shown.map((area) => area.share!);
  const highest = shown.reduce<(typeof shown)[number] | null>(
    (best, area) => (!best || area.share! > best.share! ? area : best),
    null,
  );
  const lowest = shown.reduce<(typeof shown)[number] | null>(
    (best, area) => (!best || area.share! < best.share! ? area : best),
    null,
  );
  return {
    shown: shown.length,
    withoutFigure: layer.areas.length - shown.length,
    highest: highest ? { name: highest.name, share: highest.share! } : null,
    lowest: lowest ? { name: lowest.name, share: lowest.share! } : null,
    lowerQuartile: quantile(shares, 0.25),
    upperQuartile: quantile(shares, 0.75),
  };
}

/**
 * Maps of community data: the layer (figures under disclosure control, from communities), its
 * classes, and the drawing. Projected outlines are kept per set of areas and the stamp of their
 * outlines, so a map drawn again (another category, other classes) only colours them; the most
 * recently used 32 are kept.
 */
export function createMapsService(deps: { layers: MapLayers }) {
  const projected = createRecentlyUsed<ProjectedMap>(KEPT);

  async function projectionOf(organisationId: string, layer: MapLayer): Promise<ProjectedMap> {
    const key = `${organisationId}|${layer.shapesStamp}|${layer.within?.code ?? ''}|${layer.areas.length}`;
    const kept = projected.get(key);
    if (kept) return kept;
    const shapes = await deps.layers.shapes(
      organisationId,
      layer.areas.map((area) => area.code),
    );
    return projected.set(key, projectAreas(shapes, MAP_WIDTH));
  }

  return {
    /** Changes whenever any map's data does: a page drawn from the same stamp and options is the same page. */
    async stamp(organisationId: string): Promise<string> {
      return deps.layers.stamp(organisationId);
    },

    async prepare(organisationId: string, options: MapOptions, stamp?: string): Promise<PreparedMap | null> {
      const layer = await deps.layers.layer(organisationId, options, stamp);
      if (!layer) return null;
      const shares = layer.areas.flatMap((area) => (area.share === null ? [] : [area.share]));
      return {
        layer,
        options,
        classing: classify(shares, options.classes, options.method),
        summary: summariseMap(layer),
      };
    },

    async draw(
      organisationId: string,
      prepared: PreparedMap,
      words: MapWords,
      id = 'map',
    ): Promise<Choropleth> {
      const projectedMap = await projectionOf(organisationId, prepared.layer);
      const colours = paletteColours(
        prepared.options.palette,
        prepared.classing ? prepared.classing.breaks.length + 1 : 1,
      );
      return drawChoropleth({
        id,
        title: words.title,
        summary: words.summary,
        projected: projectedMap,
        areas: prepared.layer.areas.map((area) => ({
          code: area.code,
          name: area.name,
          value: area.share,
          description: words.describe(area),
        })),
        classing: prepared.classing,
        colours,
        rangeText: words.rangeText,
        legendTitle: words.legendTitle,
        noFigureText: words.noFigureText,
      });
    },
  };
}

export type MapsService = ReturnType<typeof createMapsService>;
