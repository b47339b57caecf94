import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/database.ts';
import { createTestOrganisation, type TestOrganisation } from '../../test/helpers/fixtures.ts';
import { sharedFile } from '../../test/helpers/shared-data.ts';
import { testConfig } from '../config.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { createServices, type Services } from '../services.ts';
import { importRealDemoData, importRealRegister } from './demo-real-data.ts';

let database: DatabaseHandle;
let services: Services;
let org: TestOrganisation;
const actor = { userId: null, label: 'Demo set-up' };

beforeAll(async () => {
  database = await createTestDatabase();
  services = createServices(database.db, testConfig());
  org = await createTestOrganisation(database.db, services, 'demo-real-data');
});
afterAll(() => database.close());

describe('the demo’s real census profiles', () => {
  it('imports the shared Sussex files and outlines once, so every Sussex authority has a real profile and maps', async () => {
    const directory = path.dirname(sharedFile('data/PROVENANCE.md'));
    const first = await importRealDemoData(services, org.organisation.id, actor, directory);
    expect(first).toHaveLength(6);
    // Every outline is in, for maps: Sussex's LSOAs and every authority in England and Wales.
    expect(await services.communities.hasOutline(org.organisation.id, 'E01031349')).toBe(true);
    expect(await services.communities.hasOutline(org.organisation.id, 'W06000015')).toBe(true);
    const profile = await services.communities.profile(org.organisation.id, 'E07000229');
    expect(profile.area.name).toBe('Worthing');
    expect(profile.sections.map((section) => section.classification.id)).toEqual(
      expect.arrayContaining([
        'ethnic-group-5',
        'disability-ea-2',
        'general-health-3',
        'unpaid-care-3',
        'religion-10',
      ]),
    );
    expect(await importRealDemoData(services, org.organisation.id, actor, directory)).toEqual([]);
  });

  it('loads the register’s two years once', async () => {
    const directory = path.dirname(sharedFile('data/PROVENANCE.md'));
    expect(await importRealRegister(services, directory)).toEqual([2020, 2021]);
    expect(await importRealRegister(services, directory)).toEqual([]);
  });

  it('does nothing when the folder is not there', async () => {
    expect(await importRealDemoData(services, org.organisation.id, actor, '/no/such/folder')).toEqual([]);
  });
});
