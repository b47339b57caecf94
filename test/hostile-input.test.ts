import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganisation, TEST_PASSWORD, type TestOrganisation } from './helpers/fixtures.ts';
import { pageText } from './helpers/http-client.ts';
import { concreteUrl } from './helpers/route-resources.ts';
import { startTestApp, type TestApp } from './helpers/test-app.ts';

/**
 * Bytes a careless paste or an attacker sends must give a 400 page that says what is wrong, never
 * a server error: every route, every kind of field.
 */
let app: TestApp;
let org: TestOrganisation;

beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'hostile');
});
afterAll(() => app.close());

/** Names the app's forms use, so the NUL lands in a field a route really reads. */
const FIELD_NAMES = [
  'title',
  'text',
  'name',
  'email',
  'password',
  'narrative',
  'body',
  'reason',
  'description',
  'displayName',
  'summary',
  'url',
  'paste',
  'target',
  'note',
  'role',
  'ways',
  'indicators',
  'next',
];

describe('a NUL byte in any field', () => {
  it('is a 400 with a clear page on every POST route, never a 500', async () => {
    const problems: string[] = [];
    const client = await app.clientFor(org.users.admin.id, org.organisation.id);
    for (const route of app.routes.filter((entry) => entry.method === 'POST')) {
      const url = await concreteUrl(app, route, org.organisation.id, org.users.admin.id);
      for (const field of FIELD_NAMES) {
        const response = await client.post(url, { [field]: `before\u0000after`, version: '1' });
        if (response.statusCode !== 400) problems.push(`${route.url} ${field}: ${response.statusCode}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('is refused on the anonymous sign-in form with a page that names the field', async () => {
    const client = app.client();
    await client.get('/sign-in');
    const response = await client.post('/sign-in', { email: 'a\u0000@example.test', password: 'x' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<title>Error: Some of what you sent cannot be saved');
    expect(pageText(response.body)).toContain('The “email” field contains a control character');
  });

  it('in a query or a path is a 400 or a 404, never a 500', async () => {
    const client = await app.clientFor(org.users.admin.id, org.organisation.id);
    const problems: string[] = [];
    for (const route of app.routes.filter((entry) => entry.method === 'GET')) {
      const url = await concreteUrl(app, route, org.organisation.id, org.users.admin.id);
      const query = await client.get(`${url}${url.includes('?') ? '&' : '?'}q=%00&status=%00`);
      if (query.statusCode !== 400) problems.push(`${route.url}?q=%00: ${query.statusCode}`);
      if (route.url.includes(':')) {
        const path = await client.get(url.replace(/\/[^/]+$/, '/%00'));
        if (path.statusCode >= 500) problems.push(`${route.url} path: ${path.statusCode}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('numbers out of range', () => {
  it('a version of 2³¹ or more is a stale page on every route, not a database error', async () => {
    const client = await app.clientFor(org.users.admin.id, org.organisation.id);
    const problems: string[] = [];
    for (const route of app.routes.filter((entry) => entry.method === 'POST')) {
      const url = await concreteUrl(app, route, org.organisation.id, org.users.admin.id);
      for (const version of ['2147483648', '99999999999999999999', '1e400']) {
        const response = await client.post(url, {
          version,
          role: 'viewer',
          title: 'Changed',
          name: 'Changed',
        });
        if (response.statusCode >= 500)
          problems.push(`${route.url} version=${version}: ${response.statusCode}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('where sign-in sends you next', () => {
  it.each(['%2F%09%2Fevil.example', '%2F%5Cevil.example', '%2F%2Fevil.example', '%2F%0D%0ASet-Cookie:x=1'])(
    'GET /sign-in?next=%s stays on this site',
    async (next) => {
      const client = await app.clientFor(org.users.viewer.id, org.organisation.id);
      const response = await client.get(`/sign-in?next=${next}`);
      expect([303, 400]).toContain(response.statusCode);
      if (response.statusCode === 303) expect(response.headers.location).toBe('/');
    },
  );

  it('a tab or CR/LF in the posted next field never leaves the site', async () => {
    const client = app.client();
    await client.get('/sign-in');
    const response = await client.post('/sign-in', {
      email: org.users.viewer.email,
      password: TEST_PASSWORD,
      next: '/\t/evil.example',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/');
  });
});

describe('uploads from people who may not upload', () => {
  /** A multipart body that starts a large file and never finishes: only a refusal that does not read it can answer. */
  function endlessUpload(): PassThrough {
    const body = new PassThrough();
    body.write('--boundary\r\nContent-Disposition: form-data; name="file"; filename="plan.csv"\r\n\r\n');
    body.write('x'.repeat(64 * 1024));
    return body;
  }

  it.each([
    ['/plan/import/upload', 'anonymous'],
    ['/evidence/new', 'anonymous'],
    ['/plan/import/upload', 'viewer'],
  ] as const)('POST %s as %s is refused before the body is read', async (url, who) => {
    const headers: Record<string, string> = { 'content-type': 'multipart/form-data; boundary=boundary' };
    if (who === 'viewer') {
      const viewer = await app.clientFor(org.users.viewer.id, org.organisation.id);
      headers.cookie = [...viewer.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    const body = endlessUpload();
    const answered = app.app.inject({ method: 'POST', url, headers, payload: body });
    const response = await Promise.race([
      answered,
      new Promise<'still reading'>((resolve) => setTimeout(() => resolve('still reading'), 3000)),
    ]);
    body.end('--boundary--\r\n');
    expect(response).not.toBe('still reading');
    const { statusCode, headers: sent } = response as Awaited<typeof answered>;
    if (who === 'anonymous') {
      expect(statusCode).toBe(303);
      expect(sent.location).toMatch(/^\/sign-in\?next=/);
    } else expect(statusCode).toBe(403);
  });
});
