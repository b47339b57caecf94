import type { Actor } from '../platform/audit/audit.ts';
import type { Services } from '../services.ts';

/**
 * The demo district's community data: a local authority and its small areas, with counts of
 * each broad ethnic group, made up by a seeded generator (the same every time) and imported
 * through the real importers as the files a council downloads would be. The codes are in a
 * range ONS does not use (E07990001, E01990001…), so they can never be mistaken for real areas;
 * the shares are near those of a mostly White English district with a more diverse town centre.
 */
export const DEMO_AUTHORITY = { code: 'E07990001', name: 'Demo District' };
const SMALL_AREAS = 48;

/** A small, seeded pseudo-random generator (mulberry32), so the demo is the same on every machine. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function demoBoundaryFile(): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { LAD22CD: DEMO_AUTHORITY.code, LAD22NM: DEMO_AUTHORITY.name },
        geometry: null,
      },
    ],
  });
}

/** TS021 (ethnic group) for the demo's small areas, laid out as a Nomis web-query export. */
export function demoEthnicGroupFile(): string {
  const random = seeded(2021);
  const lines = [
    'TS021 - Ethnic group',
    'Demonstration figures made up by Equalis for its demo district',
    'Population :,All usual residents',
    'Units      :,Persons',
    'Date       :,2021',
    '',
    '2021 super output area - lower layer,Total: All usual residents,%,"Asian, Asian British or Asian Welsh",%,"Black, Black British, Black Welsh, Caribbean or African",%,Mixed or Multiple ethnic groups,%,White,%,Other ethnic group,%',
  ];
  for (let index = 1; index <= SMALL_AREAS; index += 1) {
    const total = 1300 + Math.floor(random() * 800);
    // The first few areas are the town centre, where more people are from minority ethnic groups.
    const diversity = index <= 6 ? 2.5 + random() * 2 : 0.6 + random() * 1.2;
    const shares = [0.045, 0.018, 0.028, 0.012].map((share) => share * diversity * (0.7 + random() * 0.6));
    const [asian, black, mixed, other] = shares.map((share) => Math.round(total * share)) as [
      number,
      number,
      number,
      number,
    ];
    const white = total - asian - black - mixed - other;
    const cell = (count: number) => `${count},${((100 * count) / total).toFixed(1)}`;
    const code = `E0199${String(index).padStart(4, '0')}`;
    const name = `${DEMO_AUTHORITY.name} ${String(Math.ceil(index / 4)).padStart(3, '0')}${'ABCD'[(index - 1) % 4]}`;
    lines.push(
      `${code} : ${name},${total},100,${cell(asian)},${cell(black)},${cell(mixed)},${cell(white)},${cell(other)}`,
    );
  }
  lines.push('', ',Made-up figures for the Equalis demonstration: not real people.');
  return lines.join('\n');
}

export async function seedDemoCommunities(
  services: Services,
  organisationId: string,
  actor: Actor,
): Promise<void> {
  await services.communities.importBoundaries(
    actor,
    organisationId,
    'demo-district-boundary.geojson',
    demoBoundaryFile(),
  );
  await services.communities.importDataset(
    actor,
    organisationId,
    'demo-district-ts021.csv',
    demoEthnicGroupFile(),
  );
}
