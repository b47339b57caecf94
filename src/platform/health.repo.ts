import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';

export function createHealthRepo(db: Db) {
  return {
    async databaseReachable(): Promise<boolean> {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
  };
}
