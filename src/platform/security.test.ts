import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganisation, type TestOrganisation } from '../../test/helpers/fixtures.ts';
import { pageText } from '../../test/helpers/http-client.ts';
import { startTestApp, type TestApp } from '../../test/helpers/test-app.ts';

let app: TestApp;
let org: TestOrganisation;

beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'security');
});
afterAll(() => app.close());

describe('CSRF protection', () => {
  it('refuses every state-changing route when the token is missing, and changes nothing', async () => {
    const posts = app.routes.filter((route) => route.method === 'POST' && route.surface === 'staff');
    expect(posts.length).toBeGreaterThan(5);
    // The public surface has no session, so nothing a forged form could borrow: its one form (a
    // comment on a published impact assessment) takes no token. Any other would be a decision.
    expect(
      app.routes.filter((route) => route.method === 'POST' && route.surface === 'public').map((r) => r.url),
    ).toEqual(['/p/:organisation/impact-assessments/:publicationId/comments']);
    for (const route of posts) {
      const client = await app.clientFor(org.users.admin.id, org.organisation.id);
      const url = route.url.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000');
      const response = await client.post(url, { name: 'Changed by a forged form' }, { csrf: false });
      expect(response.statusCode, `${route.url}`).toBe(403);
      expect(pageText(response.body)).toContain('Sorry, there is a problem with this form');
    }
    expect((await app.services.organisations.get(org.organisation.id)).name).toBe(org.organisation.name);
  });

  it("refuses another session's token", async () => {
    const victim = await app.clientFor(org.users.admin.id, org.organisation.id);
    const attacker = await app.clientFor(org.users.viewer.id, org.organisation.id);
    const response = await victim.post('/settings', {
      name: 'Hijacked',
      brandColour: '',
      version: '1',
      _csrf: attacker.csrfToken!,
    });
    expect(response.statusCode).toBe(403);
  });

  it('refuses a sign-in form posted without a session', async () => {
    const response = await app.client().post('/sign-in', { email: org.users.admin.email, password: 'x' });
    expect(response.statusCode).toBe(403);
  });
});

describe('Content-Security-Policy', () => {
  it('allows only same-origin scripts and styles, plus a fresh nonce that the inline script carries', async () => {
    const client = await app.clientFor(org.users.admin.id, org.organisation.id);
    const first = await client.get('/');
    const second = await client.get('/');
    const csp = String(first.headers['content-security-policy']);
    const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(String(second.headers['content-security-policy'])).not.toContain(nonce!);
    // Every inline <script> and <style> carries this response's nonce.
    const inline = [...first.body.matchAll(/<(script|style)(?![^>]*\ssrc=)([^>]*)>/g)];
    expect(inline.length).toBeGreaterThan(0);
    for (const [, , attributes] of inline) expect(attributes).toMatch(/nonce="[^"]+"/);
    expect(first.body).toContain(`nonce="${nonce}"`);
  });

  it('sends the usual hardening headers and never caches pages', async () => {
    const response = await app.client().get('/sign-in');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-request-id']).toBeTruthy();
  });
});
