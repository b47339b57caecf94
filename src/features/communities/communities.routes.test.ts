import fs from 'node:fs';
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

beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'communities-routes');
});
afterAll(() => app.close());

const file = (relative: string, name: string) => ({ name, content: fs.readFileSync(sharedFile(relative)) });

describe('community data in the browser’s words', () => {
  it('imports boundaries and a census table through preview and confirm, then shows a profile with its chart, table and sentence', async () => {
    const lead = app.client();
    await lead.signIn(org.users.equality_lead.email, TEST_PASSWORD);
    await lead.get('/data/import');

    const boundaries = await lead.upload(
      '/data/import',
      file('data/boundaries/sussex_ltla_2022.geojson', 'sussex_ltla_2022.geojson'),
    );
    expect(boundaries.statusCode).toBe(303);
    const boundaryPreview = await lead.get(boundaries.headers.location as string);
    expect(pageText(boundaryPreview.body)).toContain('13 areas');
    const added = await lead.post(boundaries.headers.location as string, {});
    expect(added.headers.location).toBe('/data?imported=boundaries');

    await lead.get('/data/import');
    const upload = await lead.upload(
      '/data/import',
      file('data/census/lsoa/sussex_ts021_ethnic_group_lsoa_nomis.csv', 'ts021.csv'),
    );
    const previewUrl = upload.headers.location as string;
    const preview = await lead.get(previewUrl);
    expect(pageText(preview.body)).toContain('Ethnic group, Census 2021 (TS021)');
    expect(pageText(preview.body)).toContain(
      '1,029 (Lower layer super output areas (LSOAs)), 1,029 of them new to you',
    );
    expect(pageText(preview.body)).toContain('records have been swapped');
    const confirmed = await lead.post(previewUrl, {});
    expect(confirmed.headers.location).toBe('/data?imported=dataset');
    // A second confirmation (another tab, a double click) imports nothing twice.
    const twice = await lead.post(previewUrl, {});
    expect(twice.statusCode).toBe(400);
    expect(await app.services.communities.datasets(org.organisation.id)).toHaveLength(1);

    const data = await lead.get(confirmed.headers.location as string);
    expect(pageText(data.body)).toContain('The dataset was imported');
    expect(pageText(data.body)).toContain('Profile of Adur');

    const profile = await lead.get('/data/areas/E07000223');
    expect(profile.statusCode).toBe(200);
    const text = pageText(profile.body);
    expect(text).toContain('The largest group in Adur is White');
    expect(text).toContain('Counts are rounded to the nearest 5');
    expect(text).toContain(
      'From Office for National Statistics (via Nomis), 2021. Licence: Open Government Licence v3.0. Source: Office for National Statistics licensed under the Open Government Licence v.3.0',
    );
    expect(profile.body).toContain('<svg class="app-chart"');
    expect(text).toContain('95% interval');
    expect(text).toMatch(/42 areas within it|areas within it/);
    // The profile is kept rendered: a change of disclosure policy shows on the next request.
    await app.db
      .updateTable('organisations')
      .set({ disclosure_policy: 'suppress-under-10-secondary' })
      .where('id', '=', org.organisation.id)
      .execute();
    expect(pageText((await lead.get('/data/areas/E07000223')).body)).toContain(
      'Counts under 10 are not shown',
    );
    await app.db
      .updateTable('organisations')
      .set({ disclosure_policy: 'suppress-1-7-round-5' })
      .where('id', '=', org.organisation.id)
      .execute();

    const lsoa = await lead.get('/data/areas/E01031349');
    expect(pageText(lsoa.body)).toMatch(/Part of\s+Adur/);
    expect(pageText(lsoa.body)).toMatch(
      /The clearest difference from Adur: .+ here against .+ there.|No group differs clearly from Adur./,
    );
  });

  it('shows a file’s problems with their lines and keeps nothing', async () => {
    const lead = app.client();
    await lead.signIn(org.users.equality_lead.email, TEST_PASSWORD);
    await lead.get('/data/import');
    const bad = Buffer.from(
      'TS021 - Ethnic group\nArea,Total: All,%,White,%\nE01016924 : Brighton and Hove 001A,10,100,4,40\n',
    );
    const upload = await lead.upload('/data/import', { name: 'bad.csv', content: bad });
    const preview = await lead.get(upload.headers.location as string);
    expect(pageText(preview.body)).toContain('E01016924: the parts add up to 4, but the total says 10');
    expect(preview.body).not.toContain('Import it');
    const forced = await lead.post(upload.headers.location as string, {});
    expect(forced.statusCode).toBe(400);
    expect(pageText(forced.body)).toContain('The file has 1 problem to put right');

    await lead.get('/data/import');
    const empty = await lead.upload('/data/import', null);
    expect(pageText(empty.body)).toContain('Choose the file to import');
    const binary = await lead.upload('/data/import', { name: 'x.csv', content: Buffer.from([0, 1, 2, 3]) });
    expect(pageText(binary.body)).toContain('The file is not text');
  });

  it('downloads a profile as CSV, with the figures the page shows and where they came from', async () => {
    const lead = app.client();
    await lead.signIn(org.users.equality_lead.email, TEST_PASSWORD);
    const csv = await lead.get('/data/areas/E07000223/profile.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="profile-E07000223.csv"');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toMatch(/^Area,Area code,Dataset,Version,Date,Category,Count \(as published\)/);
    expect(lines).toHaveLength(1 + 5);
    const profile = await app.services.communities.profile(org.organisation.id, 'E07000223');
    const white = profile.sections[0]!.rows.find((row) => row.code === 'white')!;
    expect(lines.find((line) => line.includes(',White,'))).toContain(`,White,${white.here.value},`);
    expect((await lead.get('/data/areas/E99999999/profile.csv')).statusCode).toBe(404);
  });

  it('imports a file of coded columns with its metadata table, uploaded together', async () => {
    const lead = app.client();
    await lead.signIn(org.users.equality_lead.email, TEST_PASSWORD);
    await lead.get('/data/import');
    const slice = fs
      .readFileSync(sharedFile('data/census/oa/ts008_sex_oa_2021_ew.csv'), 'utf8')
      .split(/\r?\n/)
      .slice(0, 201)
      .join('\n');
    const upload = await lead.upload(
      '/data/import',
      { name: 'ts008_sex_oa_2021_ew.csv', content: Buffer.from(slice) },
      { files: { metadata: file('data/census/oa/ts008_metadata.csv', 'ts008_metadata.csv') } },
    );
    expect(upload.statusCode).toBe(303);
    const preview = pageText((await lead.get(upload.headers.location as string)).body);
    expect(preview).toContain('ts008_sex_oa_2021_ew.csv (coded columns with a metadata table)');
    expect(preview).toContain('Metadata table ts008_metadata.csv');
    expect(preview).toContain('Sex, Census 2021');
    const confirmed = await lead.post(upload.headers.location as string, {});
    expect(confirmed.headers.location).toBe('/data?imported=dataset');
    const datasets = await app.services.communities.datasets(org.organisation.id);
    expect(datasets[0]).toMatchObject({ tableCode: 'TS008', geographyLevel: 'oa', classification: 'sex' });
  });

  it('lets the equality lead make a custom area, keeping what was typed when a code is wrong', async () => {
    const lead = app.client();
    await lead.signIn(org.users.equality_lead.email, TEST_PASSWORD);
    const areas = await lead.get('/data/areas?q=adur 00');
    expect(pageText(areas.body)).toMatch(/\d+ areas match “adur 00”/);
    expect(pageText(areas.body)).toContain('Make your own area');
    await lead.get('/data/areas/custom/new');
    const wrong = await lead.post('/data/areas/custom', {
      name: 'Sompting estate',
      codes: 'E01031349\nE01999999',
    });
    expect(wrong.statusCode).toBe(400);
    expect(pageText(wrong.body)).toContain('E01999999 is not one of your areas');
    expect(wrong.body).toContain('value="Sompting estate"');
    expect(wrong.body).toContain('E01031349\nE01999999');
    const made = await lead.post('/data/areas/custom', {
      name: 'Sompting estate',
      codes: 'E01031349\nE01031350',
    });
    expect(made.statusCode).toBe(303);
    const profile = pageText((await lead.get(made.headers.location as string)).body);
    expect(profile).toContain('The area was made');
    expect(profile).toContain('Your own areas');
    expect(profile).toContain('Made of 2 areas');
    expect(profile).toMatch(/The largest group in Sompting estate is White/);
    const viewer = app.client();
    await viewer.signIn(org.users.viewer.email, TEST_PASSWORD);
    expect((await viewer.get('/data/areas/custom/new')).statusCode).toBe(403);
  });

  it('applies the disclosure policy the administrator chooses, to counts and their shares', async () => {
    const admin = app.client();
    await admin.signIn(org.users.admin.email, TEST_PASSWORD);
    const settings = await admin.get('/settings');
    expect(pageText(settings.body)).toContain('How published figures protect individuals');
    const version = /name="version" value="(\d+)"/.exec(settings.body)![1]!;
    const saved = await admin.post('/settings', {
      name: org.organisation.name,
      brandColour: '',
      disclosurePolicy: 'suppress-under-10-secondary',
      version,
    });
    expect(saved.statusCode).toBe(303);
    // Worthing 013C has 3 Black and 3 Other residents: hidden, with enough else that neither can be worked out.
    const lsoa = await admin.get('/data/areas/E01031804');
    const text = pageText(lsoa.body);
    expect(text).toContain('Counts under 10 are not shown, nor any others that would give them away');
    expect(text).toContain('Not shown');
    const profile = await app.services.communities.profile(org.organisation.id, 'E01031804');
    const hidden = profile.sections[0]!.rows.filter((row) => row.here.hidden !== null);
    expect(hidden.map((row) => row.code)).toEqual(expect.arrayContaining(['black', 'other']));
    expect(hidden.every((row) => row.share === null)).toBe(true);
    const refused = await admin.post('/settings', {
      name: org.organisation.name,
      brandColour: '',
      disclosurePolicy: 'none',
      version: String(Number(version) + 1),
    });
    expect(refused.statusCode).toBe(400);
    expect(pageText(refused.body)).toContain('Choose how published figures are protected');
  });

  it('lets viewers read profiles but not import', async () => {
    const viewer = app.client();
    await viewer.signIn(org.users.viewer.email, TEST_PASSWORD);
    expect((await viewer.get('/data')).statusCode).toBe(200);
    expect((await viewer.get('/data/areas/E07000223')).statusCode).toBe(200);
    expect((await viewer.get('/data/import')).statusCode).toBe(403);
    expect(pageText((await viewer.get('/data')).body)).not.toContain('Import community data');
  });
});
