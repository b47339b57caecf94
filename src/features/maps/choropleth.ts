import type { FeatureCollection } from 'geojson';
import { geoPath, geoTransverseMercator, type GeoStream } from 'd3-geo';
import { classOf, classRanges, type Classing } from '../../stats/classify.ts';
import type { AreaGeometry } from '../communities/area-shapes.ts';
import { escapeXml as escape } from '../../platform/xml-text.ts';

/**
 * A choropleth map as plain SVG, drawn on the server: it needs no JavaScript, prints, and can be
 * downloaded as a file. Drawing happens in two steps so the costly one can be kept: projecting
 * the outlines (which depends only on the areas) and colouring them (which depends on figures).
 *
 * The projection is a transverse Mercator on the British National Grid's central meridian (2°W),
 * fitted to the areas; outlines are thinned to points at least a pixel apart once projected,
 * which is as much detail as the map can show and keeps a thousand areas to a few hundred KB.
 */
export interface ProjectedMap {
  width: number;
  height: number;
  /** Each area's SVG path, by code; areas too small to draw have none. */
  paths: Map<string, string>;
}

const PADDING = 8;
const TOLERANCE = 1;
/** Path positions are kept to half a pixel: finer than a screen or print shows at this size. */
const STEPS_PER_PIXEL = 2;

export function projectAreas(
  areas: readonly { code: string; geometry: AreaGeometry }[],
  width: number,
): ProjectedMap {
  const collection: FeatureCollection = {
    type: 'FeatureCollection',
    features: areas.map((area) => ({
      type: 'Feature',
      properties: { code: area.code },
      geometry: area.geometry,
    })),
  };
  const projection = geoTransverseMercator().rotate([2, 0]);
  if (areas.length === 0) return { width, height: 0, paths: new Map() };
  projection.fitWidth(width - 2 * PADDING, collection);
  const [[, top], [, bottom]] = geoPath(projection).bounds(collection);
  const height = Math.ceil(bottom - top) + 2 * PADDING;
  projection.fitExtent(
    [
      [PADDING, PADDING],
      [width - PADDING, height - PADDING],
    ],
    collection,
  );
  const thinned = { stream: (output: GeoStream) => projection.stream(thinning(output)) };
  const context = new RelativePath();
  const path = geoPath(thinned, context);
  const paths = new Map<string, string>();
  for (const one of collection.features) {
    path(one);
    const d = context.take();
    if (d) paths.set(String(one.properties!.code), d);
  }
  return { width, height, paths };
}

/**
 * Writes path data with relative moves to half a pixel ("l1.5-.5" rather than
 * "L412.34,208.91"), which halves a map's size. Positions are rounded before the differences are
 * taken, so rounding never accumulates along a ring.
 */
class RelativePath {
  private parts: string[] = [];
  private x = 0;
  private y = 0;
  private startX = 0;
  private startY = 0;

  private static number(steps: number): string {
    const text = (steps / STEPS_PER_PIXEL).toString();
    return text.replace(/^(-?)0\./, '$1.');
  }

  private step(command: string, x: number, y: number) {
    const rx = Math.round(x * STEPS_PER_PIXEL);
    const ry = Math.round(y * STEPS_PER_PIXEL);
    const dx = RelativePath.number(rx - this.x);
    const dy = RelativePath.number(ry - this.y);
    this.parts.push(`${command}${dx}${dy.startsWith('-') ? '' : ' '}${dy}`);
    this.x = rx;
    this.y = ry;
  }

  moveTo(x: number, y: number) {
    this.step('m', x, y);
    this.startX = this.x;
    this.startY = this.y;
  }

  lineTo(x: number, y: number) {
    this.step('l', x, y);
  }

  closePath() {
    // After "z" the pen is back where the ring began, and the next move is measured from there.
    this.parts.push('z');
    this.x = this.startX;
    this.y = this.startY;
  }

  arc() {
    // Points are never drawn on a choropleth: only polygons reach here.
  }

  beginPath() {}

  take(): string {
    const d = this.parts.join('').replace(/^m/, 'M');
    this.parts = [];
    this.x = this.y = this.startX = this.startY = 0;
    return d;
  }
}

/** A stream that drops points closer than the tolerance to the last one kept, ring by ring. */
function thinning(output: GeoStream): GeoStream {
  let ring: [number, number][] | null = null;
  return {
    point(x: number, y: number) {
      if (ring) ring.push([x, y]);
      else output.point(x, y, 0);
    },
    lineStart() {
      ring = [];
    },
    lineEnd() {
      const kept = thin(ring ?? []);
      ring = null;
      output.lineStart();
      for (const [x, y] of kept) output.point(x, y, 0);
      output.lineEnd();
    },
    polygonStart() {
      output.polygonStart();
    },
    polygonEnd() {
      output.polygonEnd();
    },
    sphere() {
      output.sphere?.();
    },
  };
}

function thin(ring: [number, number][]): [number, number][] {
  if (ring.length <= 4) return ring;
  const kept: [number, number][] = [ring[0]!];
  for (let i = 1; i < ring.length; i++) {
    const last = kept[kept.length - 1]!;
    const point = ring[i]!;
    if (Math.abs(point[0] - last[0]) >= TOLERANCE || Math.abs(point[1] - last[1]) >= TOLERANCE)
      kept.push(point);
  }
  // A ring thinned to a sliver would vanish; a tiny area is better drawn in full.
  return kept.length >= 3 ? kept : ring;
}

export interface MapArea {
  code: string;
  name: string;
  /** The figure the colour stands for, or null when there is none to show. */
  value: number | null;
  /** What the area's tooltip and title say: its name and its figure, or why there is none. */
  description: string;
}

export interface MapClass {
  lower: number;
  upper: number;
  colour: string;
  count: number;
}

export interface ChoroplethInput {
  /** Unique on the page: ids inside the SVG are built from it. */
  id: string;
  title: string;
  summary: string;
  projected: ProjectedMap;
  areas: readonly MapArea[];
  classing: Classing | null;
  colours: readonly string[];
  /** A legend entry in the reader's language: a class's bounds and how many areas it holds. */
  rangeText: (lower: number, upper: number, count: number) => string;
  legendTitle: string;
  /** The legend's entry for areas with no figure, e.g. "Hidden or no data". */
  noFigureText: string;
}

export interface Choropleth {
  svg: string;
  classes: MapClass[];
  /** How many areas have no figure (hatched). */
  withoutFigure: number;
}

const LEGEND_ROW = 22;
const HATCH = '#505a5f';

export function drawChoropleth(input: ChoroplethInput): Choropleth {
  const { projected, classing, colours } = input;
  const ranges = classing ? classRanges(classing) : [];
  const counts = ranges.map(() => 0);
  let withoutFigure = 0;
  const hatch = `${input.id}-hatch`;
  const shapes = input.areas
    .map((area) => {
      const d = projected.paths.get(area.code);
      let fill = `url(#${hatch})`;
      let index = -1;
      if (area.value === null || !classing) withoutFigure++;
      else {
        index = classOf(classing, area.value);
        counts[index]!++;
        fill = colours[index]!;
      }
      if (!d) return '';
      return `<path d="${d}" fill="${fill}"><title>${escape(area.description)}</title></path>`;
    })
    .join('');
  const classes = ranges.map((range, index) => ({
    ...range,
    colour: colours[index]!,
    count: counts[index]!,
  }));
  const legendRows = [
    ...classes.map((one) => ({
      fill: one.colour,
      text: input.rangeText(one.lower, one.upper, one.count),
    })),
    ...(withoutFigure ? [{ fill: `url(#${hatch})`, text: `${input.noFigureText} (${withoutFigure})` }] : []),
  ];
  const legendTop = projected.height + 12;
  const legend =
    `<text x="${PADDING}" y="${legendTop + 4}" font-size="16" font-weight="bold">${escape(input.legendTitle)}</text>` +
    legendRows
      .map((row, index) => {
        const y = legendTop + 14 + index * LEGEND_ROW;
        return (
          `<rect x="${PADDING}" y="${y}" width="24" height="16" fill="${row.fill}" stroke="#0b0c0c" stroke-width="1"></rect>` +
          `<text x="${PADDING + 32}" y="${y + 13}" font-size="14">${escape(row.text)}</text>`
        );
      })
      .join('');
  const height = legendTop + 18 + legendRows.length * LEGEND_ROW;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-map" id="${input.id}" viewBox="0 0 ${projected.width} ${height}" width="${projected.width}" height="${height}" role="img" aria-labelledby="${input.id}-title ${input.id}-desc">` +
    `<title id="${input.id}-title">${escape(input.title)}</title><desc id="${input.id}-desc">${escape(input.summary)}</desc>` +
    `<defs><pattern id="${hatch}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"></rect><line x1="0" y1="0" x2="0" y2="6" stroke="${HATCH}" stroke-width="2"></line></pattern></defs>` +
    // Presentation attributes, not a <style>: a page's content security policy would block that.
    `<g class="app-map__areas" stroke="#ffffff" stroke-width="0.4">${shapes}</g>` +
    `<g font-family="Arial, Helvetica, sans-serif" fill="#0b0c0c">${legend}</g></svg>`;
  return { svg, classes, withoutFigure };
}
