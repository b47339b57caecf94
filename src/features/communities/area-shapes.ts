import type { MultiPolygon, Polygon, Position } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

/**
 * An area's outline as stored for drawing maps: GeoJSON (longitude, latitude) polygons, wound
 * the way d3-geo expects and rounded to five decimal places (about a metre), which keeps a
 * thousand small areas to a megabyte or so without any change a map could show.
 */
export type AreaGeometry = Polygon | MultiPolygon;

export interface AreaShape {
  code: string;
  geometry: AreaGeometry;
}

const DECIMALS = 1e5;

/**
 * Every polygon a boundary file holds, by the code its properties give (the property is the one
 * the boundary reader chose). TopoJSON is turned into features first. Features that are not
 * polygons (points, lines) are skipped: they have no area to colour.
 */
export function shapesOfBoundaryJson(json: unknown, codeKey: string): AreaShape[] {
  const features = featuresOf(json);
  const shapes: AreaShape[] = [];
  for (const one of features) {
    const code = String(one.properties?.[codeKey] ?? '');
    const geometry = one.geometry;
    if (!code || !geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) continue;
    shapes.push({ code, geometry: prepareGeometry(geometry) });
  }
  return shapes;
}

type LooseFeature = {
  properties?: Record<string, unknown> | null;
  geometry?: { type: string; coordinates?: unknown } | null;
};

function featuresOf(json: unknown): LooseFeature[] {
  const value = json as { type?: string; features?: LooseFeature[]; objects?: Record<string, unknown> };
  if (value?.type === 'FeatureCollection' && Array.isArray(value.features)) return value.features;
  if (value?.type === 'Topology' && value.objects) {
    const topology = value as unknown as Topology;
    return Object.values(topology.objects).flatMap((object) => {
      const converted = feature(topology, object as GeometryCollection);
      return 'features' in converted ? (converted.features as LooseFeature[]) : [converted as LooseFeature];
    });
  }
  return [];
}

/** Rounds, drops repeated points, and winds each polygon for d3-geo. */
export function prepareGeometry(geometry: { type: string; coordinates?: unknown }): AreaGeometry {
  if (geometry.type === 'Polygon') {
    return { type: 'Polygon', coordinates: windPolygon(roundPolygon(geometry.coordinates as Position[][])) };
  }
  return {
    type: 'MultiPolygon',
    coordinates: (geometry.coordinates as Position[][][]).map((polygon) =>
      windPolygon(roundPolygon(polygon)),
    ),
  };
}

function roundPolygon(rings: Position[][]): Position[][] {
  return rings
    .map((ring) => {
      const out: Position[] = [];
      for (const point of ring) {
        const rounded = [
          Math.round(point[0]! * DECIMALS) / DECIMALS,
          Math.round(point[1]! * DECIMALS) / DECIMALS,
        ];
        const last = out[out.length - 1];
        if (!last || last[0] !== rounded[0] || last[1] !== rounded[1]) out.push(rounded);
      }
      return out;
    })
    .filter((ring) => ring.length >= 4);
}

/** Twice the signed area of a ring in the plane of longitude and latitude (positive: anticlockwise). */
export function signedArea(ring: readonly Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    sum += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
  return sum;
}

/**
 * d3-geo draws on the sphere, where a ring's winding says which side is inside: the outer ring
 * must run clockwise and holes anticlockwise, the reverse of RFC 7946's GeoJSON. A file wound
 * the other way would colour the whole world except the area, so every ring is wound here.
 */
export function windPolygon(rings: Position[][]): Position[][] {
  return rings.map((ring, index) => {
    const clockwise = signedArea(ring) < 0;
    const wantClockwise = index === 0;
    return clockwise === wantClockwise ? ring : [...ring].reverse();
  });
}

/** A custom area's outline: its members' polygons drawn together. */
export function joinGeometries(geometries: readonly AreaGeometry[]): AreaGeometry | null {
  const polygons = geometries.flatMap((geometry) =>
    geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates,
  );
  return polygons.length ? { type: 'MultiPolygon', coordinates: polygons } : null;
}
