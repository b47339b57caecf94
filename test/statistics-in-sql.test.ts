import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/connect.ts';
import { proportion, Z_95 } from '../src/stats/proportions.ts';
import { createTestDatabase } from './helpers/database.ts';

/**
 * The statistics layer checked against an independent calculation: the same formulas written
 * separately in SQL and run by the real database, on random counts.
 */
let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const countOfTotal = fc
  .integer({ min: 1, max: 100_000 })
  .chain((total) => fc.tuple(fc.integer({ min: 0, max: total }), fc.constant(total)));

describe('the statistics layer against SQL', () => {
  it('gives the Wilson interval the same formula in SQL gives', async () => {
    const cases = fc.sample(countOfTotal, 60);
    const rows = await sql<{ count: number; total: number; lower: number; upper: number }>`
      with input(count, total) as (select * from unnest(${cases.map((c) => c[0])}::float8[], ${cases.map((c) => c[1])}::float8[])),
           parts as (select count, total, count / total as p, ${Z_95}::float8 as z from input)
      select count, total,
             greatest(0, (p + z * z / (2 * total) - z * sqrt(p * (1 - p) / total + z * z / (4 * total * total))) / (1 + z * z / total)) as lower,
             least(1, (p + z * z / (2 * total) + z * sqrt(p * (1 - p) / total + z * z / (4 * total * total))) / (1 + z * z / total)) as upper
        from parts`.execute(database.db);
    for (const row of rows.rows) {
      const share = proportion(Number(row.count), Number(row.total))!;
      expect(share.lower).toBeCloseTo(Number(row.lower), 9);
      expect(share.upper).toBeCloseTo(Number(row.upper), 9);
    }
    expect(rows.rows).toHaveLength(60);
  });
});
