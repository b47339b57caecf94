import fs from 'node:fs';
import path from 'node:path';
import { DEMO_PASSWORD } from '../../src/demo/demo-organisation.ts';
import { requestsPerSecond, signInCookie, type BenchCase } from '../harness.ts';

function sharedData(relative: string): string {
  const root = process.env.EQUALIS_SHARED_DIR ?? path.resolve('..', 'shared');
  return fs.readFileSync(path.join(root, 'data', relative), 'utf8');
}

/**
 * The map page for Sussex's 1,029 LSOAs (real boundaries and Census 2021 ethnic group from the
 * shared data, imported into the demo district): the choropleth, legend, sentence and table.
 * Goals: the page under 400 KB, and at least 0.1× the bare layout page's requests/s.
 */
export const mapCase: BenchCase = {
  name: 'map',
  description: 'the 1,029-LSOA Sussex map page, requests/s against the bare layout page, and its size',
  async run(server) {
    const services = server.equalis.services;
    const district = (await services.organisations.findBySlug('demo-district'))!;
    const actor = { userId: null, label: 'Benchmark' };
    for (const name of ['sussex_ltla_2022.geojson', 'sussex_lsoa_2021.geojson'])
      await services.communities.importBoundaries(actor, district.id, name, sharedData(`boundaries/${name}`));
    const imported = await services.communities.importDataset(
      actor,
      district.id,
      'sussex_ts021.csv',
      sharedData('census/lsoa/sussex_ts021_ethnic_group_lsoa_nomis.csv'),
    );
    const cookie = await signInCookie(server.baseUrl, 'equality.lead@demo-district.example', DEMO_PASSWORD);
    const url = `${server.baseUrl}/data/maps?dataset=${imported.datasets[0]!.datasetId}&level=lsoa&category=asian`;
    const page = await fetch(url, { headers: { cookie } });
    if (page.status !== 200) throw new Error(`The map page answered ${page.status}`);
    const bytes = (await page.arrayBuffer()).byteLength;
    await requestsPerSecond(`${server.baseUrl}/cookies`, { seconds: 1 });
    await requestsPerSecond(url, { seconds: 1, headers: { cookie } });
    const anchorValue = await requestsPerSecond(`${server.baseUrl}/cookies`);
    const value = await requestsPerSecond(url, { headers: { cookie } });
    return {
      case: 'map',
      value: Math.round(value),
      unit: 'requests/s',
      anchor: 'bare layout page (/cookies, no session, no query)',
      anchorValue: Math.round(anchorValue),
      ratio: Number((value / anchorValue).toFixed(3)),
      details: { kilobytes: Math.round(bytes / 1024) },
    };
  },
};
