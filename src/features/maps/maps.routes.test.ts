import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestOrganisation,
  TEST_PASSWORD,
  type TestOrganisation,
} from '../../../test/helpers/fixtures.ts';
import { pageText } from '../../../test/helpers/http-client.ts';
import { sharedFile } from '../../../test/helpers/shared-data.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

let app: TestApp;
let org: TestOrganisation;
let other: TestOrganisation;

const read = (relative: string) => fs.readFileSync(sharedFile(relative), 'utf8');

beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'maps');
  other = await createTestOrganisation(app.db, app.services, 'maps-other');
  const actor = { userId: org.users.equality_lead.id, label: 'Lead' };
  for (const name of ['sussex_ltla_2022.geojson', 'sussex_lsoa_2021.geojson'])
    await app.services.communities.importBoundaries(
      actor,
      org.organisation.id,
      name,
      read(`data/boundaries/${name}`),
    );
  await app.services.communities.importDataset(
    actor,
    org.organisation.id,
    'ts021.csv',
    read('data/census/lsoa/sussex_ts021_ethnic_group_lsoa_nomis.csv'),
  );
});
afterAll(() => app.close());

/** The table's rows: area name → share as shown ("12.3%") or the reason there is none. */
function tableRows(html: string): Map<string, string> {
  const table = html.slice(html.indexOf('<table class="govuk-table app-map-table">'));
  const rows = new Map<string, string>();
  for (const match of table.matchAll(/<tr><th scope="row">([^<]+)<\/th><td class="app-num">([^<]+)<\/td>/g))
    rows.set(match[1]!.replace(/&#39;/g, "'"), match[2]!);
  return rows;
}

describe('equality maps', () => {
  it('maps a category of every LSOA, with a legend that counts, a sentence, a table, and hidden shares hatched', async () => {
    const lead = app.client();
    await lead.signIn(org.users.equality_lead.email, TEST_PASSWORD);
    const page = await lead.get('/data/maps?level=lsoa&category=black&method=jenks&classes=4');
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toContain('Black, Black British, Black Welsh, Caribbean or African: share by area');
    expect(text).toMatch(/For each of the 1,029 areas \(Lower layer super output areas \(LSOAs\)\)/);
    expect(text).toMatch(/The highest is .+ at \d+\.\d%; the lowest is .+ at \d+\.\d%\./);
    expect(text).toContain('Natural breaks');
    expect(page.body).toContain('<svg xmlns="http://www.w3.org/2000/svg" class="app-map"');
    expect((page.body.match(/<path d="M/g) ?? []).length).toBe(1029);
    const legendCounts = [...text.matchAll(/Class \d: [\d.]+% to [\d.]+% \((\d+) areas\)/g)].map((m) =>
      Number(m[1]),
    );
    expect(legendCounts).toHaveLength(4);
    const rows = tableRows(page.body);
    expect(rows.size).toBe(1029);
    const hatched = [...rows.values()].filter((value) => !value.endsWith('%')).length;
    expect(legendCounts.reduce((a, b) => a + b, 0) + hatched).toBe(1029);
    // The page stays light enough for a phone (the goal the bench holds it to as well).
    expect(page.body.length).toBeLessThan(400_000);
  });

  it('shows the shares that plain SQL works out under the disclosure policy (round to 5, hide 1 to 7)', async () => {
    const lead = app.client();
    await lead.signIn(org.users.equality_lead.email, TEST_PASSWORD);
    const rows = tableRows((await lead.get('/data/maps?level=lsoa&category=asian')).body);
    const expected = await sql<{ name: string; share: string | null }>`
      with counts as (
        select a.name,
               sum(case when f.category = 'asian' then f.value else 0 end) as asian,
               sum(f.value) as total
          from dataset_figures f
          join areas a on a.organisation_id = f.organisation_id and a.code = f.area_code
         where f.organisation_id = ${org.organisation.id} and a.level = 'lsoa'
         group by a.name)
      select name,
             case when asian between 1 and 7 or total between 1 and 7 or total = 0 then null
                  else to_char(100.0 * floor(asian / 5.0 + 0.5) * 5 / (floor(total / 5.0 + 0.5) * 5), 'FM990.0') || '%'
             end as share
        from counts`.execute(app.db);
    expect(expected.rows).toHaveLength(1029);
    for (const row of expected.rows) {
      const shown = rows.get(row.name);
      if (row.share === null) expect(shown).toBe('not shown, to protect individuals');
      else expect(shown).toBe(row.share);
    }
  });

  it('narrows to the areas within an authority, and downloads the same map as an SVG file', async () => {
    const lead = app.client();
    await lead.signIn(org.users.equality_lead.email, TEST_PASSWORD);
    const page = await lead.get('/data/maps?level=lsoa&within=E07000223&category=white&palette=diverging');
    expect(pageText(page.body)).toMatch(/For each of the 42 areas in Adur/);
    expect(page.body).toContain('fill="#e66101"');
    const svg = await lead.get('/data/maps/map.svg?level=lsoa&within=E07000223&category=white');
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.headers['content-disposition']).toContain('map-lsoa-white.svg');
    expect(svg.body).toMatch(/^<\?xml/);
    expect((svg.body.match(/<path d="M/g) ?? []).length).toBe(42);
  });

  it('links each profile section to its map of the areas within, and draws custom areas from their members', async () => {
    const lead = app.client();
    await lead.signIn(org.users.equality_lead.email, TEST_PASSWORD);
    const profile = await lead.get('/data/areas/E07000223');
    const link = /href="(\/data\/maps\?[^"]+)">Map White across the areas within Adur/.exec(profile.body);
    expect(link).not.toBeNull();
    const map = await lead.get(link![1]!.replace(/&amp;/g, '&'));
    expect(pageText(map.body)).toMatch(/For each of the 42 areas in Adur/);

    await app.services.communities.createCustomArea(
      { userId: org.users.equality_lead.id, label: 'Lead' },
      org.organisation.id,
      { name: 'Sompting estate', codes: 'E01031349\nE01031350' },
    );
    const custom = await lead.get('/data/maps?level=custom&category=white');
    expect(custom.statusCode).toBe(200);
    expect(custom.body).toContain('<tr><th scope="row">Sompting estate</th>');
    // One area, drawn as its two members' outlines.
    expect((custom.body.match(/<path d="M/g) ?? []).length).toBe(1);
    expect((custom.body.match(/<path d="M[^"]*"/)![0].match(/z/g) ?? []).length).toBeGreaterThanOrEqual(2);
  });

  it('says what is missing when nothing can be mapped, and never shows another organisation’s areas', async () => {
    const lead = app.client();
    await lead.signIn(other.users.equality_lead.email, TEST_PASSWORD);
    const page = await lead.get('/data/maps');
    expect(page.statusCode).toBe(200);
    expect(pageText(page.body)).toContain('No dataset can be mapped yet');
    expect(page.body).not.toContain('<path');
    const svg = await lead.get('/data/maps/map.svg');
    expect(svg.statusCode).toBe(404);
  });
});
