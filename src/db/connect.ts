import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.ts';
import { countIdentityWrites, createIdentityWrites } from './identity-writes.ts';
import { lockDataDirectory } from './data-directory-lock.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

/** Opens the database the configuration names: PostgreSQL over `pg`, or PGlite on disk. */
export async function connectDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: config.url, max: 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const lock = lockDataDirectory(config.dataDir);
  try {
    const handle = await openPGlite(new PGlite(config.dataDir));
    return {
      ...handle,
      close: async () => {
        try {
          await handle.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** Wraps an already-created PGlite instance (tests load one from a migrated snapshot). */
export async function openPGlite(pglite: PGlite): Promise<DatabaseHandle> {
  await pglite.waitReady;
  const writes = createIdentityWrites();
  const db = new Kysely<Database>({
    dialect: new PGliteDialect(pglite, (statement) => writes.note(statement)),
  });
  countIdentityWrites(db, writes);
  return { db, kind: 'pglite', close: () => db.destroy() };
}
