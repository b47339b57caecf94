import { shapesOfBoundaryJson, type AreaShape } from './area-shapes.ts';
import { isGssCode, levelOfCode, type Level } from './geography.ts';

/**
 * The areas a boundary file describes (GeoJSON or TopoJSON): each feature's code and name, found
 * by what they look like rather than by one publisher's property names (`LSOA21CD`/`LSOA21NM`,
 * `LAD22CD`/`LAD22NM`, `areacd`/`areanm`…), and each one's outline for drawing maps.
 */
export interface BoundaryArea {
  code: string;
  name: string;
  level: Level;
}

export interface BoundaryFile {
  areas: BoundaryArea[];
  shapes: AreaShape[];
  problems: { where: string; message: string }[];
}

type Properties = Record<string, unknown>;

function propertiesOf(json: unknown): Properties[] | null {
  const value = json as {
    type?: string;
    features?: { properties?: Properties }[];
    objects?: Record<string, { geometries?: { properties?: Properties }[] }>;
  };
  if (value?.type === 'FeatureCollection' && Array.isArray(value.features))
    return value.features.map((feature) => feature.properties ?? {});
  if (value?.type === 'Topology' && value.objects)
    return Object.values(value.objects).flatMap((object) =>
      (object.geometries ?? []).map((geometry) => geometry.properties ?? {}),
    );
  return null;
}

function pickKeys(rows: Properties[]): { code: string; name: string } | null {
  const keys = Object.keys(rows[0] ?? {});
  const code = keys.find((key) => /cd$/i.test(key) && rows.every((row) => isGssCode(String(row[key] ?? ''))));
  if (!code) return null;
  const stem = code.slice(0, -2);
  const name =
    keys.find((key) => key.toLowerCase() === `${stem}nm`.toLowerCase()) ??
    keys.find((key) => /nm$|name$/i.test(key));
  return name ? { code, name } : null;
}

export function readBoundaryFile(text: string): BoundaryFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      areas: [],
      shapes: [],
      problems: [{ where: 'the file', message: 'This is not a JSON file (GeoJSON or TopoJSON)' }],
    };
  }
  const rows = propertiesOf(json);
  if (!rows)
    return {
      areas: [],
      shapes: [],
      problems: [
        {
          where: 'the file',
          message: 'This is neither a GeoJSON feature collection nor a TopoJSON topology',
        },
      ],
    };
  const keys = pickKeys(rows);
  if (!keys)
    return {
      areas: [],
      shapes: [],
      problems: [
        { where: 'the file', message: 'No property holds a GSS code (like E01016924) for every area' },
      ],
    };
  const problems: BoundaryFile['problems'] = [];
  const areas: BoundaryArea[] = [];
  rows.forEach((row, index) => {
    const code = String(row[keys.code]);
    const level = levelOfCode(code);
    if (!level)
      problems.push({ where: `area ${index + 1}`, message: `${code} is not a kind of area Equalis knows` });
    else areas.push({ code, name: String(row[keys.name] ?? '').trim() || code, level });
  });
  return { areas, shapes: problems.length ? [] : shapesOfBoundaryJson(json, keys.code), problems };
}
