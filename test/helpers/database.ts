import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { connectDatabase, openPGlite, type DatabaseHandle } from '../../src/db/connect.ts';
import { TEMPLATE_DATABASE, withDatabase } from './global-setup.ts';

/** Which database the suite is running on, for the rare test that must say so. */
export const testDatabaseKind: 'pglite' | 'postgres' = process.env.EQUALIS_TEST_DATABASE_URL ? 'postgres' : 'pglite';

/**
 * A fresh, migrated database of its own for one test file: nothing one file writes can change
 * what another file sees.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const url = process.env.EQUALIS_TEST_DATABASE_URL;
  if (!url) {
    const snapshot = fs.readFileSync(inject('pgliteSnapshot'));
    return openPGlite(new PGlite({ loadDataDir: new Blob([snapshot]) }));
  }
  const name = `equalis_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name} template ${TEMPLATE_DATABASE}`);
  await admin.end();
  const handle = await connectDatabase({ kind: 'postgres', url: withDatabase(url, name) });
  return {
    ...handle,
    async close() {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name}`);
      await cleanup.end();
    },
  };
}
