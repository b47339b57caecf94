import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../src/platform/roles.ts';
import { createTestOrganisation, type TestOrganisation } from './helpers/fixtures.ts';
import { concreteUrl } from './helpers/route-resources.ts';
import { startTestApp, type TestApp } from './helpers/test-app.ts';

let app: TestApp;
let org: TestOrganisation;

beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'matrix');
});
afterAll(() => app.close());

function isSignInRedirect(status: number, location: unknown) {
  return status === 303 && typeof location === 'string' && location.startsWith('/sign-in?next=');
}

describe('authorisation matrix', () => {
  it('declares access for every route, and the route table is not empty', () => {
    expect(app.routes.length).toBeGreaterThan(15);
    for (const route of app.routes) expect(route.access, `${route.method} ${route.url}`).toBeDefined();
  });

  it('lets each role use exactly the routes declared for it', async () => {
    const mismatches: string[] = [];
    let checks = 0;
    for (const route of app.routes) {
      for (const role of ROLES) {
        const user = org.users[role];
        const client = await app.clientFor(user.id, org.organisation.id);
        const url = await concreteUrl(app, route, org.organisation.id, user.id);
        const response = route.method === 'GET' ? await client.get(url) : await client.post(url, {});
        const allowed = route.access.kind !== 'member' || route.access.roles.includes(role);
        const refused =
          response.statusCode === 403 || isSignInRedirect(response.statusCode, response.headers.location);
        checks += 1;
        if (allowed === refused) {
          mismatches.push(
            `${role} ${route.method} ${route.url}: expected ${allowed ? 'allowed' : 'refused'}, got ${response.statusCode}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checks).toBe(app.routes.length * ROLES.length);
  });

  it('sends anonymous visitors to sign in for every non-public route', async () => {
    const problems: string[] = [];
    for (const route of app.routes.filter((entry) => entry.access.kind !== 'public')) {
      const client = app.client();
      await client.get('/sign-in'); // an anonymous session with a CSRF token, so POSTs are not refused for that
      const url = await concreteUrl(app, route, org.organisation.id);
      const response = route.method === 'GET' ? await client.get(url) : await client.post(url, {});
      if (!isSignInRedirect(response.statusCode, response.headers.location)) {
        problems.push(`${route.method} ${route.url}: ${response.statusCode}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
