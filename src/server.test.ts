import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig, type Config } from './config.ts';
import { connectDatabase } from './db/connect.ts';
import { ensureDemoOrganisation } from './demo/demo-organisation.ts';
import { serve } from './server.ts';
import { createServices } from './services.ts';
import { createTestDatabaseConfig } from '../test/helpers/database.ts';

let config: Config;
let cleanUp: () => Promise<void>;

beforeAll(async () => {
  const database = await createTestDatabaseConfig();
  config = testConfig({ database: database.config });
  cleanUp = database.cleanUp;
  const handle = await connectDatabase(config.database);
  const seeded = await ensureDemoOrganisation(createServices(handle.db, config));
  // A second call finds the demo already there and changes nothing (restarts keep data).
  const again = await ensureDemoOrganisation(createServices(handle.db, config));
  await handle.close();
  expect([seeded, again]).toEqual([true, false]);
});
afterAll(() => cleanUp());

describe('serve', () => {
  it('refuses to start in production while demo accounts exist, before listening', async () => {
    await expect(serve({ ...config, production: true, demo: false, port: 0 })).rejects.toThrow(
      /will not start in production while demo accounts exist/,
    );
  });
});
