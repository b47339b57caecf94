import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planPolicy } from '../src/features/action-plan/action-plan.policy.ts';
import { mayRate } from '../src/features/assessments/assessments.policy.ts';
import { evidencePolicy } from '../src/features/evidence/evidence.policy.ts';
import { COMMAND_LINE_ACTOR } from '../src/platform/audit/audit.ts';
import { ROLES, type Role } from '../src/platform/roles.ts';
import { threadPolicy } from '../src/thread/thread.policy.ts';
import { createTestOrganisation, type TestOrganisation } from './helpers/fixtures.ts';
import { concreteUrl, resourceFactories } from './helpers/route-resources.ts';
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
    // Every route × every role, each on a fresh fixture record: minutes, not seconds, on a busy machine.
  }, 180_000);

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

/**
 * The second half of the matrix: per record, what each role may do is what the feature's policy
 * says (the same functions the pages ask), checked through the real routes. Each case is run on
 * a fresh record so one role's change cannot decide another's answer.
 */
describe('record policies, through the routes', () => {
  const person = (role: Role) => ({ userId: org.users[role].id, role });
  const refusedOr = (status: number) => status === 403;

  async function check(
    cases: { name: string; allowed: (role: Role) => boolean; attempt: (role: Role) => Promise<number> }[],
  ) {
    const mismatches: string[] = [];
    for (const one of cases)
      for (const role of ROLES) {
        const status = await one.attempt(role);
        if (one.allowed(role) === refusedOr(status))
          mismatches.push(
            `${role} ${one.name}: policy says ${one.allowed(role) ? 'yes' : 'no'}, got ${status}`,
          );
      }
    expect(mismatches).toEqual([]);
  }

  it('evidence is changed and withdrawn by its owner and the leads (evidence.policy.ts)', async () => {
    const owner = org.users.contributor.id;
    await check(
      [true, false].map((owned) => ({
        name: `withdraw ${owned ? 'the contributor’s' : 'someone else’s'} evidence`,
        allowed: (role) => evidencePolicy.mayChange(person(role), { ownerUserId: owned ? owner : null }),
        attempt: async (role) => {
          const id = await resourceFactories.evidence(app, org.organisation.id, owned ? owner : undefined);
          const client = await app.clientFor(org.users[role].id, org.organisation.id);
          return (await client.post(`/evidence/${id}/withdraw`, { version: '1', reason: 'Out of date' }))
            .statusCode;
        },
      })),
    );
  });

  it('progress is posted by the leads and the action’s own lead officer (action-plan.policy.ts)', async () => {
    const leadOfficer = org.users.contributor.id;
    await check(
      [true, false].map((led) => ({
        name: `post progress on ${led ? 'an action the contributor leads' : 'another action'}`,
        allowed: (role) =>
          planPolicy.mayPostProgress(person(role), { leads: led ? [{ userId: leadOfficer }] : [] }),
        attempt: async (role) => {
          const id = await resourceFactories.action(app, org.organisation.id, led ? leadOfficer : undefined);
          const client = await app.clientFor(org.users[role].id, org.organisation.id);
          return (
            await client.post(`/plan/actions/${id}/progress`, { note: 'Going well', state: 'on_track' })
          ).statusCode;
        },
      })),
    );
  });

  it('each kind of link is changed by whom the golden thread’s policy names (thread.policy.ts)', async () => {
    const pairs: Record<'delivers' | 'supports' | 'shows' | 'oversees', () => Promise<[string, string]>> = {
      delivers: async () => [
        `action:${await resourceFactories.action(app, org.organisation.id)}`,
        `objective:${await resourceFactories.objective(app, org.organisation.id)}`,
      ],
      supports: async () => [
        `evidence:${await resourceFactories.evidence(app, org.organisation.id)}`,
        'criterion:eflg-2021:1.1.1',
      ],
      shows: async () => [
        `evidence:${await resourceFactories.evidence(app, org.organisation.id)}`,
        `objective:${await resourceFactories.objective(app, org.organisation.id)}`,
      ],
      oversees: async () => [
        `group:${await resourceFactories.group(app, org.organisation.id)}`,
        `action:${await resourceFactories.action(app, org.organisation.id)}`,
      ],
    };
    await check(
      (Object.keys(pairs) as (keyof typeof pairs)[]).map((kind) => ({
        name: `add a "${kind}" link`,
        allowed: (role) => threadPolicy.mayChangeLink(person(role), kind),
        attempt: async (role) => {
          const [anchor, record] = await pairs[kind]();
          const client = await app.clientFor(org.users[role].id, org.organisation.id);
          return (await client.post('/links', { anchor, anchorIsSource: 'yes', record })).statusCode;
        },
      })),
    );
  });

  it('a criterion is rated by the leads, its area’s contributors and its owner (assessments.policy.ts)', async () => {
    const assessmentId = await resourceFactories.assessment(app, org.organisation.id);
    await app.services.assessments.setContributors(
      COMMAND_LINE_ACTOR,
      org.organisation.id,
      assessmentId,
      '1',
      [org.users.contributor.id],
    );
    await check(
      [true, false].map((contributes) => ({
        name: `rate a criterion in an area the contributor ${contributes ? 'was' : 'was not'} asked to help with`,
        allowed: (role) =>
          mayRate(person(role), {
            closed: false,
            areaContributorIds: contributes ? [org.users.contributor.id] : [],
            ownerUserId: null,
          }),
        attempt: async (role) => {
          const ref = contributes ? '1.1.1' : '2.1.1';
          const client = await app.clientFor(org.users[role].id, org.organisation.id);
          const page = await client.get(`/assessments/${assessmentId}/criteria/${ref}`);
          const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? '0';
          return (
            await client.post(`/assessments/${assessmentId}/criteria/${ref}/rating`, {
              version,
              rating: 'partly_met',
            })
          ).statusCode;
        },
      })),
    );
  });
});
