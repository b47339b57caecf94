import { buildApp, type EqualisApp } from '../../src/app.ts';
import { testConfig, type Config } from '../../src/config.ts';
import type { Db } from '../../src/db/connect.ts';
import { SESSION_COOKIE } from '../../src/platform/sessions.ts';
import { hashToken, newToken } from '../../src/platform/tokens.ts';
import { createTestDatabase } from './database.ts';
import { TestClient } from './http-client.ts';

export interface TestApp extends EqualisApp {
  db: Db;
  config: Config;
  client(): TestClient;
  /** A client already signed in as this user, without the cost of a real sign-in (scrypt). */
  clientFor(userId: string, organisationId?: string): Promise<TestClient>;
  close(): Promise<void>;
}

/** The real app on its own fresh database, with CSRF and every other protection switched on. */
export async function startTestApp(
  options: { now?: () => Date; config?: Partial<Config> } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = testConfig(options.config);
  const built = await buildApp({ config, db: database.db, ...(options.now ? { now: options.now } : {}) });
  const now = options.now ?? (() => new Date());
  return {
    ...built,
    db: database.db,
    config,
    client: () => new TestClient(built.app),
    async clientFor(userId, organisationId) {
      const token = newToken();
      const at = now();
      await database.db
        .insertInto('sessions')
        .values({
          token_hash: hashToken(config.sessionSecret, token),
          user_id: userId,
          organisation_id: organisationId ?? null,
          csrf_token: newToken(),
          created_at: at,
          last_seen_at: at,
          expires_at: new Date(at.getTime() + 3_600_000),
        })
        .execute();
      const client = new TestClient(built.app);
      client.cookies.set(SESSION_COOKIE, token);
      await client.get('/account');
      return client;
    },
    async close() {
      await built.app.close();
      await database.close();
    },
  };
}
