import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/database.ts';
import { testConfig } from '../config.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { createServices, type Services } from '../services.ts';
import { DEMO_AUTHORITY, demoEthnicGroupFile } from './demo-communities.ts';
import { ensureDemoOrganisation } from './demo-organisation.ts';

let database: DatabaseHandle;
let services: Services;
beforeAll(async () => {
  database = await createTestDatabase();
  services = createServices(database.db, testConfig({ demo: true }));
  await ensureDemoOrganisation(services);
});
afterAll(() => database.close());

describe('the demo district’s community data', () => {
  it('is the same on every machine, and says it is made up', () => {
    expect(demoEthnicGroupFile()).toBe(demoEthnicGroupFile());
    expect(demoEthnicGroupFile()).toContain('made up');
  });

  it('gives the district a profile of plausible shares, not claiming to be ONS figures', async () => {
    const district = (await services.organisations.findBySlug('demo-district'))!;
    const profile = await services.communities.profile(district.id, DEMO_AUTHORITY.code);
    const section = profile.sections[0]!;
    expect(section.dataset.publisher).toContain('made up by Equalis');
    expect(section.dataset.licence).toBe('Not stated in the file');
    const share = (code: string) => section.rows.find((row) => row.code === code)!.share!;
    expect(share('white')).toBeGreaterThan(0.8);
    expect(share('white')).toBeLessThan(0.95);
    expect(share('asian')).toBeGreaterThan(0.02);
    expect(section.total.value).toBeGreaterThan(60_000);
    expect(profile.children).toHaveLength(48);
  });
});
