import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { testConfig } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { SESSION_COOKIE } from './sessions.ts';
import { pageText, TestClient } from '../../test/helpers/http-client.ts';
import { startTestApp, type TestApp } from '../../test/helpers/test-app.ts';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

/** The real app wired to a database that is not there (nothing listens on port 9). */
async function appWithoutDatabase(production: boolean) {
  const pool = new pg.Pool({
    connectionString: 'postgres://equalis@127.0.0.1:9/none',
    connectionTimeoutMillis: 1000,
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const built = await buildApp({ config: testConfig({ production }), db });
  return {
    ...built,
    close: async () => {
      await built.app.close();
      await db.destroy();
    },
  };
}

describe('error pages', () => {
  it('answers unknown addresses with a GOV.UK-style 404 page', async () => {
    const response = await app.client().get('/no-such-page');
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('<title>Page not found');
    expect(pageText(response.body)).toContain('If you typed the web address, check it is correct');
  });

  it('serves the accessibility statement and cookies page to everyone', async () => {
    for (const path of ['/accessibility', '/cookies']) {
      const response = await app.client().get(path);
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('govuk-footer');
      expect(response.body).not.toContain('govuk-footer__crown');
    }
    expect(pageText((await app.client().get('/cookies')).body)).toContain('equalis_session');
  });

  it('reports health and version as JSON', async () => {
    const health = await app.client().get('/health');
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok', checks: { database: 'ok' } });
    const info = await app.client().get('/info');
    expect(info.json()).toMatchObject({ name: 'equalis', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('reports 503 from /health when the database cannot be reached', async () => {
    const broken = await appWithoutDatabase(false);
    const health = await broken.app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ status: 'unavailable' });
    await broken.close();
  });

  it('shows a stack trace outside production and never in production', async () => {
    for (const production of [false, true]) {
      const broken = await appWithoutDatabase(production);
      const client = new TestClient(broken.app);
      client.cookies.set(SESSION_COOKIE, 'some-session'); // looking it up needs the database
      const response = await client.get('/');
      expect(response.statusCode).toBe(500);
      expect(pageText(response.body)).toContain('Sorry, there is a problem with the service');
      expect(response.body.includes('Details for developers')).toBe(!production);
      expect(response.body.includes('ECONNREFUSED')).toBe(!production);
      await broken.close();
    }
  });
});
