import type { Db } from './connect.ts';

/**
 * A count of the writes that could change what a session says about its visitor: to sessions,
 * users, memberships or organisations (names, slugs, colours; deleting one cascades to the rest).
 * The session manager keeps what it read while the count stands still, so a page need not ask
 * the database who is signed in. Only the embedded database counts: it is one process behind a
 * lock on its data directory, so every write passes through here. With PostgreSQL other
 * processes may write, nothing is counted and sessions are read on every request.
 */
export interface IdentityWrites {
  current(): number;
}

// Reads never change anything; anything else that names one of the tables might. Counting a
// statement that did not change them (a rolled-back transaction, a subquery) only costs a re-read.
const READ = /^\s*select\b/i;
const IDENTITY_TABLES = /\b(sessions|users|memberships|organisations)\b/i;

export function createIdentityWrites(): IdentityWrites & { note(statement: string): void } {
  let count = 0;
  return {
    current: () => count,
    note(statement) {
      if (!READ.test(statement) && IDENTITY_TABLES.test(statement)) count += 1;
    },
  };
}

const counted = new WeakMap<Db, IdentityWrites>();

/** Records that every write through `db` is seen by `writes` (the embedded database's driver). */
export function countIdentityWrites(db: Db, writes: IdentityWrites): void {
  counted.set(db, writes);
}

/** The count for `db`, or undefined when writes may happen elsewhere (PostgreSQL). */
export function identityWritesOf(db: Db): IdentityWrites | undefined {
  return counted.get(db);
}
