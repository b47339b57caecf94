import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../platform/sessions.ts';
import {
  createTestOrganisation,
  TEST_PASSWORD,
  type TestOrganisation,
} from '../../../test/helpers/fixtures.ts';
import { pageText } from '../../../test/helpers/http-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_IP } from './login-throttle.ts';

// A clock the tests can move, to check the idle timeout and the rate-limit window.
let offsetMs = 0;
const now = () => new Date(Date.now() + offsetMs);

let app: TestApp;
let org: TestOrganisation;

beforeAll(async () => {
  app = await startTestApp({ now });
  org = await createTestOrganisation(app.db, app.services, 'auth-test');
});
afterAll(() => app.close());

describe('signing in and out', () => {
  it('signs in with the right password, on a new session id (no session fixation)', async () => {
    const client = app.client();
    await client.get('/sign-in');
    const anonymous = client.cookies.get(SESSION_COOKIE);
    expect(anonymous).toBeDefined();
    const response = await client.post('/sign-in', {
      email: org.users.viewer.email,
      password: TEST_PASSWORD,
      next: '/',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/');
    const signedIn = client.cookies.get(SESSION_COOKIE);
    expect(signedIn).toBeDefined();
    expect(signedIn).not.toBe(anonymous);
    // The old, pre-sign-in id no longer works at all.
    const stale = app.client();
    stale.cookies.set(SESSION_COOKIE, anonymous!);
    expect((await stale.get('/')).headers.location).toMatch(/^\/sign-in/);
    const dashboard = await client.get('/');
    expect(dashboard.statusCode).toBe(200);
    expect(pageText(dashboard.body)).toContain(`Signed in as ${org.users.viewer.displayName}`);
  });

  it('sets the session cookie httpOnly, Secure and SameSite=Lax', async () => {
    const response = await app.client().get('/sign-in');
    const header = String(response.headers['set-cookie']);
    expect(header).toContain(`${SESSION_COOKIE}=`);
    expect(header).toMatch(/HttpOnly/i);
    expect(header).toMatch(/Secure/i);
    expect(header).toMatch(/SameSite=Lax/i);
  });

  it('refuses a wrong password with the GOV.UK error pattern and a 400', async () => {
    const client = app.client();
    const response = await client.signIn(org.users.admin.email, 'not the password at all');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<title>Error: Sign in');
    expect(pageText(response.body)).toContain('Enter a correct email address and password');
  });

  it('says which field is missing when the form is empty', async () => {
    const client = app.client();
    await client.get('/sign-in');
    const response = await client.post('/sign-in', {});
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('href="#email"');
    expect(response.body).toContain('href="#password"');
  });

  it('only follows same-site paths after sign-in', async () => {
    const client = app.client();
    await client.get('/sign-in');
    const response = await client.post('/sign-in', {
      email: org.users.viewer.email,
      password: TEST_PASSWORD,
      next: '//evil.example/',
    });
    expect(response.headers.location).toBe('/');
  });

  it('signs out: the session is deleted server-side, not just forgotten by the browser', async () => {
    const client = await app.clientFor(org.users.viewer.id, org.organisation.id);
    const token = client.cookies.get(SESSION_COOKIE)!;
    const response = await client.post('/sign-out');
    expect(response.headers.location).toBe('/sign-in?signedOut=1');
    const replay = app.client();
    replay.cookies.set(SESSION_COOKIE, token);
    expect((await replay.get('/')).headers.location).toMatch(/^\/sign-in\?next=/);
  });
});

describe('rate limiting', () => {
  it(`locks an account after ${MAX_FAILURES_PER_ACCOUNT} failures, even for the right password, with a clear message`, async () => {
    const email = org.users.contributor.email;
    const client = app.client();
    for (let attempt = 0; attempt < MAX_FAILURES_PER_ACCOUNT; attempt += 1) {
      expect((await client.signIn(email, `wrong password ${attempt}`)).statusCode).toBe(400);
    }
    const locked = await client.signIn(email, TEST_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(pageText(locked.body)).toMatch(/too many attempts to sign in to this account\. Wait 15 minutes/);
    // Other accounts are unaffected.
    expect((await app.client().signIn(org.users.assessor.email, TEST_PASSWORD)).statusCode).toBe(303);
    // The window slides: after 15 minutes the right password works again.
    offsetMs += 15 * 60_000 + 1000;
    expect((await app.client().signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  });

  it('checks and counts in one step: parallel guesses at one account get only the limit checked', async () => {
    const email = org.users.viewer.email;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, attempt) =>
        app.services.auth.signIn(email, `parallel guess ${attempt}`, '192.0.2.40'),
      ),
    );
    const checked = results.filter((result) => !result.ok && result.reason === 'invalid');
    expect(checked).toHaveLength(MAX_FAILURES_PER_ACCOUNT);
    expect(results.filter((result) => !result.ok && result.reason === 'tooManyForAccount')).toHaveLength(
      40 - MAX_FAILURES_PER_ACCOUNT,
    );
    // The person themselves, from their own network, is not locked out by a stranger's guessing.
    expect((await app.services.auth.signIn(email, TEST_PASSWORD, '198.51.100.7')).ok).toBe(true);
  });

  it(`limits one address to ${MAX_FAILURES_PER_IP} failures across accounts, even in parallel`, async () => {
    const results = await Promise.all(
      Array.from({ length: MAX_FAILURES_PER_IP + 20 }, (_, attempt) =>
        app.services.auth.signIn(`nobody${attempt}@example.test`, 'guess', '203.0.113.9'),
      ),
    );
    expect(results.filter((result) => !result.ok && result.reason === 'invalid')).toHaveLength(
      MAX_FAILURES_PER_IP,
    );
    const blocked = await app.services.auth.signIn(org.users.admin.email, TEST_PASSWORD, '203.0.113.9');
    expect(blocked).toMatchObject({ ok: false, reason: 'tooManyFromAddress' });
    const elsewhere = await app.services.auth.signIn(org.users.admin.email, TEST_PASSWORD, '198.51.100.1');
    expect(elsewhere.ok).toBe(true);
  });

  it('does not lock out a whole office behind one address for a few typos each', async () => {
    const office = '203.0.113.50';
    for (const user of [org.users.admin, org.users.equality_lead, org.users.contributor]) {
      for (let typo = 0; typo < MAX_FAILURES_PER_ACCOUNT - 1; typo += 1)
        await app.services.auth.signIn(user.email, `typo ${typo}`, office);
    }
    expect((await app.services.auth.signIn(org.users.assessor.email, TEST_PASSWORD, office)).ok).toBe(true);
    expect((await app.services.auth.signIn(org.users.admin.email, TEST_PASSWORD, office)).ok).toBe(true);
  });
});

describe('sessions', () => {
  it('ends a session after the idle timeout and says why', async () => {
    const client = await app.clientFor(org.users.viewer.id, org.organisation.id);
    expect((await client.get('/')).statusCode).toBe(200);
    offsetMs += (app.config.sessionIdleMinutes + 1) * 60_000;
    const response = await client.get('/');
    expect(response.headers.location).toBe('/sign-in?next=%2F&timeout=1');
    const page = await client.get(response.headers.location as string);
    expect(pageText(page.body)).toContain(
      `had not done anything for ${app.config.sessionIdleMinutes} minutes`,
    );
  });

  it('lists your sessions and signs out the others on request', async () => {
    const first = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const second = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const account = await first.get('/account');
    expect(pageText(account.body)).toContain('This session');
    const ended = await first.post('/account/sessions/end-others');
    expect(ended.headers.location).toMatch(/^\/account\?ended=\d+/);
    expect((await second.get('/')).headers.location).toMatch(/^\/sign-in/);
    expect((await first.get('/')).statusCode).toBe(200);
  });

  // On the embedded database a session is kept in memory between requests: any write to the
  // tables it was read from must show on the very next request (on PostgreSQL it is re-read).
  it('sees a change of role, name or session on the very next request', async () => {
    const person = await createTestOrganisation(app.db, app.services, 'auth-kept-session');
    const client = await app.clientFor(person.users.viewer.id, person.organisation.id);
    expect((await client.get('/team')).statusCode).toBe(403);
    expect((await client.get('/team')).statusCode).toBe(403);
    await app.db
      .updateTable('memberships')
      .set({ role: 'admin' })
      .where('user_id', '=', person.users.viewer.id)
      .execute();
    expect((await client.get('/team')).statusCode).toBe(200);
    await app.db
      .updateTable('users')
      .set({ display_name: 'Renamed Person' })
      .where('id', '=', person.users.viewer.id)
      .execute();
    expect(pageText((await client.get('/')).body)).toContain('Signed in as Renamed Person');
    await app.db.deleteFrom('sessions').where('user_id', '=', person.users.viewer.id).execute();
    expect((await client.get('/')).headers.location).toMatch(/^\/sign-in/);
  });
});

describe('changing your password', () => {
  it('checks the current password, applies the policy, and signs out other sessions', async () => {
    const user = org.users.assessor;
    const client = await app.clientFor(user.id, org.organisation.id);
    const other = await app.clientFor(user.id, org.organisation.id);

    const wrong = await client.post('/account/password', {
      currentPassword: 'nope nope nope',
      newPassword: 'a brand new passphrase',
      confirmPassword: 'a brand new passphrase',
    });
    expect(wrong.statusCode).toBe(400);
    expect(pageText(wrong.body)).toContain('Your current password is not correct');

    const common = await client.post('/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'Password123!',
      confirmPassword: 'Password123!',
    });
    expect(common.statusCode).toBe(400);
    expect(pageText(common.body)).toContain('one of the most common passwords');

    const ok = await client.post('/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'lantern orchard gravel',
      confirmPassword: 'lantern orchard gravel',
    });
    expect(ok.headers.location).toBe('/account?passwordChanged=1');
    expect((await other.get('/')).headers.location).toMatch(/^\/sign-in/);
    expect((await app.client().signIn(user.email, 'lantern orchard gravel')).statusCode).toBe(303);

    const events = await app.services.auditLog.page(
      org.organisation.id,
      { action: 'user.password_changed' },
      1,
    );
    expect(events.total).toBe(1);
    expect(JSON.stringify(events.events[0])).not.toContain('scrypt');
  });
});

describe('an operator resetting a password', () => {
  it('signs the person out everywhere and audits it', async () => {
    const user = org.users.viewer;
    const client = await app.clientFor(user.id, org.organisation.id);
    expect((await client.get('/')).statusCode).toBe(200);
    await app.services.auth.resetPassword(
      { userId: null, label: 'Command line' },
      user.email,
      'a fresh reset passphrase',
    );
    expect((await client.get('/')).headers.location).toMatch(/^\/sign-in\?next=/);
    const log = await app.services.auditLog.page(org.organisation.id, { action: 'user.password_reset' }, 1);
    expect(log.total).toBe(1);
  });
});
