import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';

/**
 * A Kysely dialect for PGlite, the in-process PostgreSQL.
 *
 * PGlite is a single connection. Kysely expects a pool, and a transaction holds its connection
 * for its whole life, so the driver hands the one connection out to one caller at a time: a
 * query from another request waits instead of slipping into somebody else's transaction.
 * Consequence for callers: inside `db.transaction().execute(trx => …)` use `trx`, never `db`.
 */
export class PGliteDialect implements Dialect {
  constructor(
    private readonly pglite: PGlite,
    private readonly onStatement: (statement: string) => void = () => {},
  ) {}

  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pglite, this.onStatement);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

const ACQUIRE_TIMEOUT_MS = 30_000;

class PGliteDriver implements Driver {
  private readonly connection: PGliteConnection;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly pglite: PGlite,
    onStatement: (statement: string) => void,
  ) {
    this.connection = new PGliteConnection(pglite, onStatement);
  }

  async init(): Promise<void> {
    await this.pglite.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    let release!: () => void;
    const previous = this.queue;
    this.queue = new Promise<void>((resolve) => (release = resolve));
    let abandoned = false;
    let timer: NodeJS.Timeout | undefined;
    // A query that waits this long is almost certainly `db` used inside a transaction that is
    // waiting for it: fail with a message that says so rather than hang for ever.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abandoned = true;
        reject(
          new Error(
            `Waited ${ACQUIRE_TIMEOUT_MS / 1000}s for the embedded database: is \`db\` used inside a transaction instead of \`trx\`?`,
          ),
        );
      }, ACQUIRE_TIMEOUT_MS);
    });
    await Promise.race([
      previous.then(() => {
        clearTimeout(timer);
        if (abandoned) release();
      }),
      timeout,
    ]);
    // PGlite runs each query synchronously (WebAssembly) and the hand-over above is a microtask,
    // so a backlog of queries would run back to back without the event loop ever turning: no
    // response written, no request read, until the backlog is gone. Yielding once per hand-over
    // lets I/O in between queries (under 50 connections, p99 fell from over a second to tens of ms).
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.connection.release = release;
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }
  async releaseConnection(): Promise<void> {
    this.connection.release();
  }
  async destroy(): Promise<void> {
    await this.pglite.close();
  }
}

class PGliteConnection implements DatabaseConnection {
  release: () => void = () => {};

  constructor(
    private readonly pglite: PGlite,
    private readonly onStatement: (statement: string) => void,
  ) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    this.onStatement(compiledQuery.sql);
    // Like node-postgres, accept several statements in one query when it has no parameters
    // (migrations rely on this); PGlite's query() takes exactly one statement.
    const result =
      compiledQuery.parameters.length === 0
        ? ((await this.pglite.exec(compiledQuery.sql)).at(-1) ?? { rows: [], affectedRows: 0 })
        : await this.pglite.query<R>(compiledQuery.sql, [...compiledQuery.parameters]);
    return {
      rows: result.rows as R[],
      numAffectedRows: result.affectedRows === undefined ? undefined : BigInt(result.affectedRows),
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not supported on the embedded database.');
  }
}
