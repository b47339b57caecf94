import { randomBytes } from 'node:crypto';
import type { RouteEntry } from '../../src/platform/authorisation.ts';
import type { TenantResource } from '../../src/platform/access.ts';
import type { TestApp } from './test-app.ts';
import { addTestUser } from './fixtures.ts';

/**
 * Makes a fresh record of each tenant-owned kind that routes reach by id. A new kind of resource
 * must be added here, or the authorisation and tenancy tests fail for its routes.
 */
export const resourceFactories: Record<
  TenantResource,
  (app: TestApp, organisationId: string) => Promise<string>
> = {
  async member(app, organisationId) {
    const user = await addTestUser(
      app.db,
      organisationId,
      'viewer',
      `member-${randomBytes(4).toString('hex')}@fixture.test`,
    );
    return user.id;
  },
  async invitation(app, organisationId) {
    const created = await app.services.team.invite({ userId: null, label: 'Test' }, organisationId, {
      email: `invitee-${randomBytes(4).toString('hex')}@fixture.test`,
      displayName: 'Invitee',
      role: 'viewer',
    });
    return created.invitationId;
  },
  async auditEvent(app, organisationId) {
    const events = await app.services.auditLog.recent(organisationId, 1);
    if (!events[0]) throw new Error('The organisation has no audit events to point at');
    return events[0].id;
  },
};

/**
 * Parameters that are not record ids but capabilities: whoever holds the token is entitled to
 * the page (an invitation link). They cannot be "another tenant's record".
 */
export const CAPABILITY_PARAMS = new Set(['token']);

export function routeParams(url: string): string[] {
  return [...url.matchAll(/:(\w+)/g)].map((match) => match[1] as string);
}

/** The route's URL with its parameters filled in with a record of `organisationId`. */
export async function concreteUrl(app: TestApp, route: RouteEntry, organisationId: string): Promise<string> {
  let url = route.url;
  for (const param of routeParams(route.url)) {
    let value: string;
    if (CAPABILITY_PARAMS.has(param)) value = randomBytes(32).toString('base64url');
    else if (route.resource) value = await resourceFactories[route.resource](app, organisationId);
    else throw new Error(`${route.method} ${route.url} has :${param} but declares no config.resource`);
    url = url.replace(`:${param}`, value);
  }
  return url;
}
