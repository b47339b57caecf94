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
import { DISCLOSURE_PRESETS, publishTable } from '../../stats/disclosure.ts';

let app: TestApp;
let district: TestOrganisation;
let county: TestOrganisation;
let datasetId: string;
const actor = { userId: null, label: 'Test' };
const read = (relative: string) => fs.readFileSync(sharedFile(relative), 'utf8');

beforeAll(async () => {
  app = await startTestApp();
  district = await createTestOrganisation(app.db, app.services, 'sharing-district');
  county = await createTestOrganisation(app.db, app.services, 'sharing-county');
  await app.services.communities.importBoundaries(
    actor,
    district.organisation.id,
    'ltla.geojson',
    read('data/boundaries/sussex_ltla_2022.geojson'),
  );
  const imported = await app.services.communities.importDataset(
    actor,
    district.organisation.id,
    'ts021.csv',
    read('data/census/lsoa/sussex_ts021_ethnic_group_lsoa_nomis.csv'),
  );
  datasetId = imported.datasets[0]!.datasetId;
});
afterAll(() => app.close());

describe('sharing a dataset’s aggregates with a partner', () => {
  it('lets the district’s lead share with the county, which reads the published figures only, until it is revoked', async () => {
    const lead = app.client();
    await lead.signIn(district.users.equality_lead.email, TEST_PASSWORD);
    const page = await lead.get(`/data/datasets/${datasetId}`);
    expect(pageText(page.body)).toContain('Not shared with anyone.');
    const nobody = await lead.post(`/data/datasets/${datasetId}/shares`, {
      partner: 'no-such-council',
      purpose: 'JSNA',
    });
    expect(nobody.statusCode).toBe(400);
    expect(pageText(nobody.body)).toContain(
      'No organisation on Equalis has the short name “no-such-council”',
    );
    expect(nobody.body).toContain('JSNA');
    const self = await lead.post(`/data/datasets/${datasetId}/shares`, {
      partner: district.organisation.slug,
      purpose: 'JSNA',
    });
    expect(pageText(self.body)).toContain('That is your own organisation');
    const shared = await lead.post(`/data/datasets/${datasetId}/shares`, {
      partner: county.organisation.slug,
      purpose: 'The joint strategic needs assessment',
    });
    expect(shared.statusCode).toBe(303);
    expect(pageText((await lead.get(shared.headers.location as string)).body)).toContain(
      'The dataset is shared',
    );
    const twice = await lead.post(`/data/datasets/${datasetId}/shares`, {
      partner: county.organisation.slug,
      purpose: 'Again',
    });
    expect(pageText(twice.body)).toContain('It is already shared with');

    const partner = app.client();
    await partner.signIn(county.users.viewer.email, TEST_PASSWORD);
    const list = pageText((await partner.get('/data/shared')).body);
    expect(list).toContain('Ethnic group, Census 2021');
    expect(list).toContain('The joint strategic needs assessment');
    const [share] = await app.services.datasetSharing.sharedWith(county.organisation.id);
    const authorities = await partner.get(`/data/shared/${share!.id}`);
    expect(authorities.statusCode).toBe(200);
    const text = pageText(authorities.body);
    expect(text).toContain('Counts are rounded to the nearest 5');
    // Adur's published White count: the district's policy applied to the rolled-up figures.
    const counts = (
      await sql<{ category: string; value: number }>`
        select category, value from dataset_figures where dataset_id = ${datasetId} and area_code = 'E07000223'`.execute(
        app.db,
      )
    ).rows;
    const order = ['asian', 'black', 'mixed', 'white', 'other'];
    const published = publishTable(
      [order.map((code) => counts.find((row) => row.category === code)!.value)],
      DISCLOSURE_PRESETS['suppress-1-7-round-5'],
    );
    expect(text).toContain(
      `Adur E07000223 ${published.cells[0]!.map((cell) => cell.value!.toLocaleString('en-GB')).join(' ')}`,
    );
    const small = pageText((await partner.get(`/data/shared/${share!.id}?level=lsoa`)).body);
    expect(small).toContain('Adur 001A');
    expect(small).toContain('Not shown');
    // The partner cannot reach the district's own pages for the dataset.
    expect((await partner.get(`/data/datasets/${datasetId}`)).statusCode).toBe(404);

    const viewer = app.client();
    await viewer.signIn(district.users.viewer.email, TEST_PASSWORD);
    expect(pageText((await viewer.get(`/data/datasets/${datasetId}`)).body)).not.toContain('Stop sharing');
    expect((await viewer.post(`/data/datasets/${datasetId}/shares/${share!.id}/revoke`, {})).statusCode).toBe(
      403,
    );

    await lead.get(`/data/datasets/${datasetId}`);
    const revoked = await lead.post(`/data/datasets/${datasetId}/shares/${share!.id}/revoke`, {});
    expect(revoked.headers.location).toBe(`/data/datasets/${datasetId}?revoked=1`);
    expect((await partner.get(`/data/shared/${share!.id}`)).statusCode).toBe(404);
    expect(pageText((await lead.get(`/data/datasets/${datasetId}`)).body)).toMatch(
      /Stopped on .* by equality lead/,
    );
    const audit = await sql<{ action: string }>`
      select action from audit_events where organisation_id = ${district.organisation.id} and action like 'dataset.share%' order by occurred_at`.execute(
      app.db,
    );
    expect(audit.rows.map((row) => row.action)).toEqual(['dataset.shared', 'dataset.share_revoked']);
  });
});
