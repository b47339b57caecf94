import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import type { DatabaseConfig } from '../../src/config.ts';
import { connectDatabase, openPGlite, type DatabaseHandle } from '../../src/db/connect.ts';
import { TEMPLATE_DATABASE, withDatabase } from './global-setup.ts';

/** Which database the suite is running on, for the rare test that must say so. */
export const testDatabaseKind: 'pglite' | 'postgres' = process.env.EQUALIS_TEST_DATABASE_URL
  ? 'postgres'
  : 'pglite';

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

/**
 * A database the code under test opens itself (the CLI does), as configuration: a PGlite data
 * directory primed from the migrated snapshot, or a fresh PostgreSQL database.
 */
export async function createTestDatabaseConfig(): Promise<{
  config: DatabaseConfig;
  cleanUp(): Promise<void>;
}> {
  const url = process.env.EQUALIS_TEST_DATABASE_URL;
  if (!url) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'equalis-cli-'));
    const primed = new PGlite(dataDir, {
      loadDataDir: new Blob([fs.readFileSync(inject('pgliteSnapshot'))]),
    });
    await primed.close();
    return {
      config: { kind: 'pglite', dataDir },
      cleanUp: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `equalis_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name} template ${TEMPLATE_DATABASE}`);
  await admin.end();
  return {
    config: { kind: 'postgres', url: withDatabase(url, name) },
    async cleanUp() {
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name}`);
      await cleanup.end();
    },
  };
}
