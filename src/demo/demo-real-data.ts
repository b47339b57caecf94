import fs from 'node:fs/promises';
import path from 'node:path';
import type { Actor } from '../platform/audit/audit.ts';
import type { Services } from '../services.ts';

/**
 * Real Census 2021 figures for the demo, read from the project's shared public data when it is
 * beside the checkout (never copied into the repository): the Sussex authorities and their
 * LSOAs and every authority's outline, ethnic group by LSOA, disability, health and unpaid care by LSOA, and ONS's
 * percentages for every authority. Imported through the same importers a council uses, once
 * (a file already imported is not imported again), after the server is listening.
 */
const FILES = [
  'boundaries/sussex_ltla_2022.geojson',
  'boundaries/sussex_lsoa_2021.geojson',
  'boundaries/lad-2021-ew.topojson',
  'census/lsoa/sussex_ts021_ethnic_group_lsoa_nomis.csv',
  'census/sussex/sussex_lsoa_disability_health_care.json',
  'census/lad/ons-census-quiz-lad-2021.csv',
];

export async function importRealDemoData(
  services: Services,
  organisationId: string,
  actor: Actor,
  directory: string,
): Promise<string[]> {
  const present = await Promise.all(
    FILES.map((file) =>
      fs.access(path.join(directory, file)).then(
        () => file,
        () => null,
      ),
    ),
  );
  if (present.some((file) => file === null)) return [];
  const held = new Set(
    (await services.communities.datasets(organisationId)).map((dataset) => dataset.fileName),
  );
  const imported: string[] = [];
  for (const file of FILES) {
    const fileName = path.basename(file);
    if (held.has(fileName)) continue;
    const text = await fs.readFile(path.join(directory, file), 'utf8');
    if (file.startsWith('boundaries/')) {
      // A boundary file makes no dataset: it is known to be in when one of its areas has an outline.
      const oneOfItsAreas = file.includes('lsoa')
        ? 'E01031349'
        : file.includes('lad-')
          ? 'E06000001'
          : 'E07000223';
      if (await services.communities.hasOutline(organisationId, oneOfItsAreas)) continue;
      await services.communities.importBoundaries(actor, organisationId, fileName, text);
    } else await services.communities.importDataset(actor, organisationId, fileName, text);
    imported.push(fileName);
  }
  return imported;
}

const REGISTER_FILES = [
  'paygap/UK Gender Pay Gap Data - 2020 to 2021.csv',
  'paygap/UK Gender Pay Gap Data - 2021 to 2022.csv',
];

/** The GOV.UK gender pay gap register's two years from the shared data, when none is loaded yet. */
export async function importRealRegister(services: Services, directory: string): Promise<number[]> {
  if ((await services.gpgRegister.years()).length) return [];
  const loaded: number[] = [];
  for (const file of REGISTER_FILES) {
    const text = await fs.readFile(path.join(directory, file), 'utf8').catch(() => null);
    if (text === null) return loaded;
    loaded.push((await services.gpgRegister.importYear(text)).year);
  }
  return loaded;
}
