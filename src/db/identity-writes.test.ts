import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { openPGlite } from './connect.ts';
import { createIdentityWrites, identityWritesOf } from './identity-writes.ts';

describe('counting writes to who is signed in', () => {
  it('counts writes naming sessions, users, memberships or organisations, and nothing else', () => {
    const writes = createIdentityWrites();
    const counted = (statement: string) => {
      const before = writes.current();
      writes.note(statement);
      return writes.current() - before;
    };
    expect(counted('select * from "sessions" where "token_hash" = $1')).toBe(0);
    expect(counted('  SELECT 1')).toBe(0);
    expect(counted('insert into "audit_events" ("summary") values ($1)')).toBe(0);
    expect(counted('begin')).toBe(0);
    expect(counted('update "sessions" set "last_seen_at" = $1 where "token_hash" = $2')).toBe(1);
    expect(counted('delete from "users" where "id" = $1')).toBe(1);
    expect(counted('insert into "memberships" ("user_id", "role") values ($1, $2)')).toBe(1);
    expect(counted('UPDATE organisations SET name = $1')).toBe(1);
    expect(counted('with gone as (delete from sessions returning 1) select count(*) from gone')).toBe(1);
    // A migration's many statements, one of them touching a watched table.
    expect(counted('create table things (id int); alter table users add column x int;')).toBe(1);
    // A word that merely contains a table's name is not that table.
    expect(counted('update "usersettings" set "x" = 1')).toBe(0);
  });

  it('is counted for the embedded database, through every statement its Kysely runs', async () => {
    const handle = await openPGlite(new PGlite());
    try {
      const writes = identityWritesOf(handle.db)!;
      expect(writes).toBeDefined();
      await handle.db.schema.createTable('users').addColumn('id', 'integer').execute();
      const before = writes.current();
      await handle.db
        .selectFrom('users' as never)
        .selectAll()
        .execute();
      expect(writes.current()).toBe(before);
      await handle.db
        .insertInto('users' as never)
        .values({ id: 1 } as never)
        .execute();
      expect(writes.current()).toBe(before + 1);
    } finally {
      await handle.close();
    }
  });
});
