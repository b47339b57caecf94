import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connectDatabase, openPGlite } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

export const TEMPLATE_DATABASE = 'equalis_test_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
  }
}

/**
 * Migrates once per run. PGlite: a migrated data directory is dumped to a file that each test
 * file loads (about a second, against three or more to start and migrate). PostgreSQL: a migrated
 * template database that each test file copies with CREATE DATABASE … TEMPLATE.
 */
export default async function setup(project: TestProject) {
  const url = process.env.EQUALIS_TEST_DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${TEMPLATE_DATABASE}`);
    await admin.query(`create database ${TEMPLATE_DATABASE}`);
    await admin.end();
    const template = await connectDatabase({ kind: 'postgres', url: withDatabase(url, TEMPLATE_DATABASE) });
    await migrateToLatest(template.db);
    await template.close();
    project.provide('pgliteSnapshot', '');
    return;
  }
  const pglite = new PGlite();
  const handle = await openPGlite(pglite);
  await migrateToLatest(handle.db);
  const snapshot = await pglite.dumpDataDir('none');
  await handle.close();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'equalis-test-')), 'migrated.tar');
  fs.writeFileSync(file, Buffer.from(await snapshot.arrayBuffer()));
  project.provide('pgliteSnapshot', file);
  return () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
