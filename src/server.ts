import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { connectDatabase } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { demoSignInHelp, ensureDemoOrganisation } from './demo/demo-organisation.ts';
import { createServices } from './services.ts';

const CLEAN_UP_EVERY_MS = 60 * 60_000;
const REMINDER_CHECK_MS = 10 * 60_000;

function ukHour(now: Date): number {
  return Number(
    new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone: 'Europe/London' }).format(
      now,
    ),
  );
}

/** The port is taken, usually by another Equalis; said plainly, and the process exits. */
export class PortInUseError extends Error {
  constructor(port: number) {
    super(
      `Port ${port} is already in use, perhaps by another Equalis. Stop that one, or set PORT to start this one on another port.`,
    );
    this.name = 'PortInUseError';
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

  const { app, sessions } = await buildApp({ config, db: database.db });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    // Without this the process would run on with the database open and nothing listening.
    await app.close();
    await database.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(config.port);
    throw error;
  }

  // Reminders: checked every ten minutes, sent once the hour has come. Sending is idempotent per
  // person per day, so restarts and several app servers never send twice.
  const reminders =
    config.reminderHour === null
      ? undefined
      : setInterval(() => {
          if (ukHour(new Date()) < (config.reminderHour ?? 24)) return;
          void services.reminders
            .sendAll()
            .then((runs) => {
              const sent = runs.reduce((total, run) => total + run.sent.length, 0);
              if (sent > 0) app.log.info({ sent }, 'reminder digests sent');
            })
            .catch((error: unknown) => app.log.error({ err: error }, 'sending reminders failed'));
        }, REMINDER_CHECK_MS);
  reminders?.unref();

  const cleanUp = setInterval(() => {
    void Promise.all([sessions.deleteExpired(), services.auth.pruneLoginAttempts()]).catch((error: unknown) =>
      app.log.error({ err: error }, 'clean-up of old sessions failed'),
    );
  }, CLEAN_UP_EVERY_MS);
  cleanUp.unref();

  const where =
    config.database.kind === 'pglite' ? `embedded database in ${config.database.dataDir}` : 'PostgreSQL';
  console.log(`Equalis ${seeded ? 'created its demo data and ' : ''}is using the ${where}.`);
  if (config.demo) console.log(demoSignInHelp(config.port));
  else console.log(`Equalis is listening on port ${config.port}.`);

  const stop = async () => {
    clearInterval(cleanUp);
    if (reminders) clearInterval(reminders);
    await app.close();
    await database.close();
    // Nothing is left running, so the process ends by itself once everything has closed.
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
