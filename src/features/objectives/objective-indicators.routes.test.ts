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
let objectiveId: string;
const actor = { userId: null, label: 'Test' };
const read = (relative: string) => fs.readFileSync(sharedFile(relative), 'utf8');

beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'objective-indicators');
  objectiveId = await app.services.objectives.create(actor, org.organisation.id, {
    reference: 'EO1',
    title: 'Know and reach our disabled residents',
    description: null,
    kind: 'service',
    ways: [],
    ownerName: null,
    periodStart: null,
    reviewDue: null,
    indicators: null,
    criteriaRefs: [],
    status: 'active',
  });
});
afterAll(() => app.close());

describe('objective indicators bound to community data', () => {
  it('asks for data first, then follows a measure in an area with its baseline, target and latest published value', async () => {
    const lead = app.client();
    await lead.signIn(org.users.equality_lead.email, TEST_PASSWORD);
    expect(pageText((await lead.get(`/objectives/${objectiveId}`)).body)).toContain(
      'To follow a measure, import community data first.',
    );
    await app.services.communities.importBoundaries(
      actor,
      org.organisation.id,
      'ltla.geojson',
      read('data/boundaries/sussex_ltla_2022.geojson'),
    );
    // The LSOA boundaries name each LSOA, and so link it to its authority; the JSON has codes only.
    await app.services.communities.importBoundaries(
      actor,
      org.organisation.id,
      'lsoa.geojson',
      read('data/boundaries/sussex_lsoa_2021.geojson'),
    );
    await app.services.communities.importDataset(
      actor,
      org.organisation.id,
      'health.json',
      read('data/census/sussex/sussex_lsoa_disability_health_care.json'),
    );
    const page = pageText((await lead.get(`/objectives/${objectiveId}`)).body);
    expect(page).toContain('Follow a measure from your community data');
    expect(page).toContain('Disability under the Equality Act, Census 2021: Disabled under the Equality Act');

    const wrong = await lead.post(`/objectives/${objectiveId}/indicators`, {
      label: 'Residents disabled under the Equality Act',
      area: 'E07000223',
      measure: 'disability-ea-2:disabled',
      baseline: '18',
      baselineLabel: 'Census 2021',
      target: 'lots',
      targetDate: '2031',
    });
    expect(wrong.statusCode).toBe(400);
    expect(pageText(wrong.body)).toContain('Enter a percentage from 0 to 100, like 12.5');
    expect(wrong.body).toContain('value="Residents disabled under the Equality Act"');

    const added = await lead.post(`/objectives/${objectiveId}/indicators`, {
      label: 'Residents disabled under the Equality Act',
      area: 'E07000223',
      measure: 'disability-ea-2:disabled',
      baseline: '18',
      baselineLabel: 'Census 2011',
      target: '20%',
      targetDate: '2031',
    });
    expect(added.statusCode).toBe(303);
    const shown = pageText((await lead.get(added.headers.location as string)).body);
    const profile = await app.services.communities.profile(org.organisation.id, 'E07000223');
    const latest = profile.sections
      .find((section) => section.classification.id === 'disability-ea-2')!
      .rows.find((row) => row.code === 'disabled')!.share!;
    expect(shown).toContain('The indicator was added.');
    expect(shown).toContain('Disabled under the Equality Act in Adur');
    expect(shown).toContain(`${(Math.round(latest * 1000) / 10).toFixed(1)}%`);
    expect(shown).toContain('18% Census 2011');
    expect(shown).toContain('20% by 2031');
    expect(shown).toMatch(/\d+% of the way to the target|Target reached|Moving away from the target/);

    const viewer = app.client();
    await viewer.signIn(org.users.viewer.email, TEST_PASSWORD);
    const seen = pageText((await viewer.get(`/objectives/${objectiveId}`)).body);
    expect(seen).toContain('Residents disabled under the Equality Act');
    expect(seen).not.toContain('Follow a measure from your community data');
    const [indicator] = await app.services.objectiveIndicators.measured(org.organisation.id, objectiveId);
    expect(
      (await viewer.post(`/objectives/${objectiveId}/indicators/${indicator!.id}/remove`, {})).statusCode,
    ).toBe(403);

    await lead.get(`/objectives/${objectiveId}`);
    const removed = await lead.post(`/objectives/${objectiveId}/indicators/${indicator!.id}/remove`, {});
    expect(removed.statusCode).toBe(303);
    expect(await app.services.objectiveIndicators.measured(org.organisation.id, objectiveId)).toEqual([]);
    const other = await createTestOrganisation(app.db, app.services, 'objective-indicators-other');
    await expect(
      app.services.objectiveIndicators.add(actor, other.organisation.id, objectiveId, {
        label: 'x',
        area: 'E07000223',
        measure: 'disability-ea-2:disabled',
        baseline: '',
        baselineLabel: '',
        target: '10',
        targetDate: '',
      }),
    ).rejects.toThrow();
  });
});
