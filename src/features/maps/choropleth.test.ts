import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedFile } from '../../../test/helpers/shared-data.ts';
import { classify } from '../../stats/classify.ts';
import {
  joinGeometries,
  prepareGeometry,
  shapesOfBoundaryJson,
  signedArea,
} from '../communities/area-shapes.ts';
import { drawChoropleth, projectAreas } from './choropleth.ts';
import { paletteColours } from './palettes.ts';

/** A square, wound anticlockwise as RFC 7946 GeoJSON has it. */
const square = (x: number, y: number, size = 0.01) => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + size, y],
      [x + size, y + size],
      [x, y + size],
      [x, y],
    ],
  ],
});

/** Follows an SVG path of m/l/z commands (first M absolute) and returns each ring's points. */
function ringsOf(d: string): [number, number][][] {
  const rings: [number, number][][] = [];
  let x = 0;
  let y = 0;
  let start: [number, number] = [0, 0];
  for (const [, command, a, b] of d.matchAll(/([MmLlz])(-?[\d.]+)?(?:\s|(?=-))?(-?[\d.]+)?/g)) {
    if (command === 'z') {
      [x, y] = start;
      continue;
    }
    x += Number(a);
    y += Number(b);
    if (command === 'M' || command === 'm') {
      start = [x, y];
      rings.push([[x, y]]);
    } else rings[rings.length - 1]!.push([x, y]);
  }
  return rings;
}

describe('drawing a choropleth', () => {
  it('winds outlines for d3-geo, so an anticlockwise ring is the area and not the world without it', () => {
    const wound = prepareGeometry(square(-0.1, 50.8));
    expect(signedArea(wound.coordinates[0] as number[][])).toBeLessThan(0);
    const projected = projectAreas([{ code: 'E01000001', geometry: wound }], 400);
    const points = ringsOf(projected.paths.get('E01000001')!)[0]!;
    // Fitted to the area: the square fills the width, not a sliver of a world map.
    const xs = points.map(([px]) => px);
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(350);
  });

  it('writes relative path data that lands on the projected points, rings and holes included', () => {
    const shapes = [
      // On the projection's central meridian (2°W), where lines of latitude run straight across.
      { code: 'A', geometry: prepareGeometry(square(-2.03, 51)) },
      {
        code: 'B',
        geometry: joinGeometries([prepareGeometry(square(-2.01, 51)), prepareGeometry(square(-1.99, 51))])!,
      },
    ];
    const projected = projectAreas(shapes, 600);
    const rings = ringsOf(projected.paths.get('B')!);
    expect(rings).toHaveLength(2);
    // The second square of B sits to the right of the first, at the same height: the move between
    // rings is measured from where the first ring began (after "z"), not where it ended.
    const box = (ring: [number, number][]) => ({
      left: Math.min(...ring.map(([px]) => px)),
      right: Math.max(...ring.map(([px]) => px)),
      top: Math.min(...ring.map(([, py]) => py)),
    });
    const [first, second] = [box(rings[0]!), box(rings[1]!)];
    expect(second.left).toBeGreaterThan(first.right);
    expect(Math.abs(second.top - first.top)).toBeLessThanOrEqual(1);
    for (const ring of rings)
      for (const [px, py] of ring) {
        expect(px).toBeGreaterThanOrEqual(0);
        expect(px).toBeLessThanOrEqual(600);
        expect(py).toBeGreaterThanOrEqual(0);
        expect(py).toBeLessThanOrEqual(projected.height);
      }
  });

  it('reads outlines from GeoJSON and TopoJSON files, and keeps a thousand small areas small', () => {
    const lsoa = shapesOfBoundaryJson(
      JSON.parse(fs.readFileSync(sharedFile('data/boundaries/sussex_lsoa_2021.geojson'), 'utf8')),
      'LSOA21CD',
    );
    expect(lsoa).toHaveLength(1029);
    const topo = shapesOfBoundaryJson(
      JSON.parse(fs.readFileSync(sharedFile('data/boundaries/lad-2021-ew.topojson'), 'utf8')),
      'areacd',
    );
    expect(topo).toHaveLength(331);
    const projected = projectAreas(lsoa, 800);
    expect(projected.paths.size).toBe(1029);
    const size = [...projected.paths.values()].reduce((sum, d) => sum + d.length, 0);
    expect(size).toBeLessThan(250_000);
  });

  it('colours areas by class, hatches those without a figure, and counts both in the legend', () => {
    const shapes = ['A', 'B', 'C', 'D'].map((code, index) => ({
      code,
      geometry: prepareGeometry(square(index * 0.02, 51)),
    }));
    const values = [0.1, 0.2, 0.9, null];
    const areas = shapes.map((shape, index) => ({
      code: shape.code,
      name: `Area <${shape.code}>`,
      value: values[index]!,
      description: `Area <${shape.code}>: ${values[index] ?? 'none'}`,
    }));
    const classing = classify([0.1, 0.2, 0.9], 2, 'jenks');
    const drawn = drawChoropleth({
      id: 'test-map',
      title: 'Title & more',
      summary: 'Summary',
      projected: projectAreas(shapes, 400),
      areas,
      classing,
      colours: paletteColours('sequential', 2),
      rangeText: (lower, upper, count) => `${lower}-${upper} (${count})`,
      legendTitle: 'Legend',
      noFigureText: 'No figure',
    });
    expect(drawn.classes.map((one) => one.count)).toEqual([2, 1]);
    expect(drawn.withoutFigure).toBe(1);
    expect(drawn.svg).toContain('fill="url(#test-map-hatch)"');
    expect(drawn.svg).toContain('No figure (1)');
    expect(drawn.svg).toContain('<title id="test-map-title">Title &amp; more</title>');
    expect(drawn.svg).toContain('<title>Area &lt;A&gt;: 0.1</title>');
    expect(drawn.svg).not.toContain('<style');
  });
});
