import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { connectDatabase } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import {
  DEMO_DISTRICT,
  DEMO_SETUP_ACTOR,
  demoSignInHelp,
  ensureDemoOrganisation,
} from './demo/demo-organisation.ts';
import { importRealDemoData, importRealRegister } from './demo/demo-real-data.ts';
import { createServices } from './services.ts';

/** The port is taken, usually by another Equalis; said plainly, and the process exits. */
export class PortInUseError extends Error {
  constructor(port: number) {
    super(
      `Port ${port} is already in use, perhaps by another Equalis. Stop that one, or set PORT to start this one on another port.`,
    );
    this.name = 'PortInUseError';
  }
}

async function importDemoCensus(services: ReturnType<typeof createServices>, directory: string) {
  try {
    const district = await services.organisations.findBySlug(DEMO_DISTRICT.slug);
    if (!district) return;
    const imported = await importRealDemoData(services, district.id, DEMO_SETUP_ACTOR, directory);
    const years = await importRealRegister(services, directory);
    if (years.length)
      console.log(
        `Equalis loaded the GOV.UK gender pay gap register for ${years.join(' and ')} from ${directory}.`,
      );
    if (imported.length)
      console.log(
        `Equalis imported real Census 2021 files for the demo from ${directory}: ${imported.join(', ')}.`,
      );
  } catch (error) {
    console.error(
      `Equalis could not import the demo's census files from ${directory}: ${(error as Error).message}`,
    );
  }
}

/** `equalis serve`: open the database, bring it up to date, then listen until told to stop. */
export async function serve(config: Config): Promise<void> {
  const database = await connectDatabase(config.database);
  await migrateToLatest(database.db);
  const services = createServices(database.db, config);

  if (config.production && (await services.auth.countDemoUsers()) > 0) {
    await database.close();
    throw new Error(
      'Equalis will not start in production while demo accounts exist. Remove the demo organisation (or start from an empty database) first.',
    );
  }
  const seeded = config.demo ? await ensureDemoOrganisation(services) : false;

  const { app } = await buildApp({ config, db: database.db, services });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    // Without this the process would run on with the database open and nothing listening.
    await app.close();
    await database.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(config.port);
    throw error;
  }

  // Reminders and clean-up (infra/jobs): each runs on one server at a time, whatever the number.
  services.jobs.start();
  // Real census profiles for the demo, when the shared public data is beside the checkout: in the
  // background, so the first page is not kept waiting for half a minute of imports.
  if (config.demo && config.demoDataDir) void importDemoCensus(services, config.demoDataDir);

  const where =
    config.database.kind === 'pglite' ? `embedded database in ${config.database.dataDir}` : 'PostgreSQL';
  console.log(`Equalis ${seeded ? 'created its demo data and ' : ''}is using the ${where}.`);
  if (config.demo) console.log(demoSignInHelp(config.port));
  else console.log(`Equalis is listening on port ${config.port}.`);

  const stop = async () => {
    await services.jobs.stop();
    await app.close();
    await database.close();
    // Nothing is left running, so the process ends by itself once everything has closed.
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
