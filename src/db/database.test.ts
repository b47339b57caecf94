import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from './connect.ts';
import { createTestDatabase, testDatabaseKind } from '../../test/helpers/database.ts';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

describe('the database under test', () => {
  it(`is the one this run asked for (${testDatabaseKind})`, async () => {
    // A real server listens on a socket; PGlite runs in this process and has no address.
    const { rows } = await sql<{
      address: string | null;
    }>`select inet_server_addr()::text as address`.execute(handle.db);
    expect(handle.kind).toBe(testDatabaseKind);
    if (testDatabaseKind === 'postgres') expect(rows[0]?.address).toBe('127.0.0.1/32');
    else expect(rows[0]?.address).toBeNull();
  });

  it('returns counts as numbers on both engines (queries cast with ::int)', async () => {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from organisations`.execute(
      handle.db,
    );
    expect(typeof rows[0]?.n).toBe('number');
  });

  it('runs several statements in one parameterless query on both engines (migrations rely on it)', async () => {
    await sql`create temporary table t (x int); insert into t values (1), (2);`.execute(handle.db);
    const { rows } = await sql<{ total: number }>`select sum(x)::int as total from t`.execute(handle.db);
    expect(rows[0]?.total).toBe(3);
  });

  it('keeps a transaction to itself on the embedded database (queries wait rather than interleave)', async () => {
    let outsideSaw: number | undefined;
    await handle.db.transaction().execute(async (trx) => {
      await sql`create temporary table if not exists seen (x int)`.execute(trx);
      await sql`insert into seen values (1)`.execute(trx);
      // This query from outside the transaction must not run inside it.
      const outside = sql<{ n: number }>`select count(*)::int as n from pg_stat_activity`
        .execute(handle.db)
        .then((r) => {
          outsideSaw = r.rows[0]?.n;
        });
      if (handle.kind === 'pglite') expect(outsideSaw).toBeUndefined();
      return Promise.race([outside, new Promise((resolve) => setTimeout(resolve, 50))]);
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(outsideSaw).toBeTypeOf('number');
  });
});
