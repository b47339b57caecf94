import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GLOBAL_TABLES } from '../src/db/schema.ts';
import { createTestOrganisation, type TestOrganisation } from './helpers/fixtures.ts';
import { concreteUrl, routeParams, CAPABILITY_PARAMS } from './helpers/route-resources.ts';
import { startTestApp, type TestApp } from './helpers/test-app.ts';

let app: TestApp;
let orgA: TestOrganisation;
let orgB: TestOrganisation;

beforeAll(async () => {
  app = await startTestApp();
  orgA = await createTestOrganisation(app.db, app.services, 'tenant-a');
  orgB = await createTestOrganisation(app.db, app.services, 'tenant-b');
});
afterAll(() => app.close());

describe('tenancy', () => {
  it('gives every table an organisation_id, apart from the documented global tables', async () => {
    const { rows } = await sql<{ table_name: string; has_tenant: boolean }>`
      select t.table_name,
             exists (select 1 from information_schema.columns c
                      where c.table_schema = t.table_schema and c.table_name = t.table_name
                        and c.column_name = 'organisation_id') as has_tenant
        from information_schema.tables t
       where t.table_schema = 'public' and t.table_type = 'BASE TABLE'`.execute(app.db);
    expect(rows.length).toBeGreaterThan(5);
    const untenanted = rows.filter((row) => !row.has_tenant && !(row.table_name in GLOBAL_TABLES));
    expect(untenanted.map((row) => row.table_name)).toEqual([]);
  });

  it("answers 404 to a user of organisation A asking for any of organisation B's records by id", async () => {
    // Public-surface pages are for anyone, and show only what an organisation published.
    const idRoutes = app.routes.filter(
      (route) =>
        route.surface === 'staff' && routeParams(route.url).some((param) => !CAPABILITY_PARAMS.has(param)),
    );
    expect(idRoutes.length).toBeGreaterThan(3);
    const leaks: string[] = [];
    for (const route of idRoutes) {
      // Ask as a role that may use the route, so a 403 cannot hide a leak.
      const role = route.access.kind === 'member' ? route.access.roles[0] : 'admin';
      if (!role) throw new Error(`${route.url} allows no role`);
      const client = await app.clientFor(orgA.users[role].id, orgA.organisation.id);
      const url = await concreteUrl(app, route, orgB.organisation.id);
      const response =
        route.method === 'GET' ? await client.get(url) : await client.post(url, { role: 'viewer' });
      if (response.statusCode !== 404) leaks.push(`${route.method} ${url}: ${response.statusCode}`);
    }
    expect(leaks).toEqual([]);
  });

  it("leaves organisation B's records untouched after those requests", async () => {
    const members = await app.services.team.listMembers(orgB.organisation.id);
    expect(
      members
        .filter((member) => member.email.endsWith('@tenant-b.test'))
        .map((m) => m.role)
        .sort(),
    ).toEqual(['admin', 'assessor', 'contributor', 'equality_lead', 'viewer']);
    expect(members.every((member) => member.version === 1)).toBe(true);
  });

  it('keeps each organisation’s audit log to itself', async () => {
    const a = await app.services.auditLog.page(orgA.organisation.id, {}, 1);
    expect(a.events.length).toBeGreaterThan(0);
    expect(a.events.every((event) => event.organisation_id === orgA.organisation.id)).toBe(true);
  });
});
