import type { AddressInfo } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { buildApp, type EqualisApp } from '../../src/app.ts';
import { testConfig } from '../../src/config.ts';
import { openPGlite } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { ensureDemoOrganisation } from '../../src/demo/demo-organisation.ts';
import { createServices } from '../../src/services.ts';

export interface DemoServer {
  baseUrl: string;
  equalis: EqualisApp;
  close(): Promise<void>;
}

/**
 * The real app, as `npm start` runs it, with the demo organisation, on an in-memory embedded
 * database and a free loopback port. Used by the browser tests and the benchmarks.
 */
export async function startDemoServer(): Promise<DemoServer> {
  const database = await openPGlite(new PGlite());
  await migrateToLatest(database.db);
  const config = testConfig({ demo: true });
  await ensureDemoOrganisation(createServices(database.db, config));
  const equalis = await buildApp({ config, db: database.db });
  await equalis.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = equalis.app.server.address() as AddressInfo;
  return {
    baseUrl: `http://localhost:${port}`,
    equalis,
    async close() {
      await equalis.app.close();
      await database.close();
    },
  };
}
