import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestOrganisation,
  TEST_PASSWORD,
  type TestOrganisation,
} from '../../../test/helpers/fixtures.ts';
import { pageText } from '../../../test/helpers/http-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

let app: TestApp;
let org: TestOrganisation;

beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'westfield');
});
afterAll(() => app.close());

function invitationPath(html: string): string {
  const link = /id="invitation-link"[^>]*value="([^"]+)"/.exec(html)?.[1];
  if (!link) throw new Error('No invitation link on the page');
  return new URL(link).pathname;
}

describe('inviting people', () => {
  it('invites a new person, who chooses a password and lands in the organisation with the role given', async () => {
    const admin = await app.clientFor(org.users.admin.id, org.organisation.id);
    const created = await admin.post('/team/invite', {
      displayName: 'Nadia Begum',
      email: 'Nadia.Begum@Westfield.test',
      role: 'contributor',
    });
    expect(created.statusCode).toBe(200);
    const path = invitationPath(created.body);
    expect(pageText((await admin.get('/team')).body)).toContain('nadia.begum@westfield.test');

    const invitee = app.client();
    const page = await invitee.get(path);
    expect(pageText(page.body)).toContain('Join westfield council');
    const weak = await invitee.post(path, {
      displayName: 'Nadia Begum',
      password: 'qwerty123',
      confirmPassword: 'qwerty123',
    });
    expect(weak.statusCode).toBe(400);
    const accepted = await invitee.post(path, {
      displayName: 'Nadia Begum',
      password: 'teacup lighthouse meadow',
      confirmPassword: 'teacup lighthouse meadow',
    });
    expect(accepted.headers.location).toBe('/');
    const dashboard = await invitee.get('/');
    expect(pageText(dashboard.body)).toContain('Contributor (lead officer)');
    // The link works once.
    expect((await app.client().get(path)).statusCode).toBe(404);
  });

  it('adds an organisation to someone who already has an account, after they prove it is theirs', async () => {
    const other = await createTestOrganisation(app.db, app.services, 'brookside');
    const admin = await app.clientFor(org.users.admin.id, org.organisation.id);
    const created = await admin.post('/team/invite', {
      displayName: 'Shared Officer',
      email: other.users.viewer.email,
      role: 'equality_lead',
    });
    const path = invitationPath(created.body);
    const invitee = app.client();
    expect(pageText((await invitee.get(path)).body)).toContain('You already have an Equalis account');
    expect((await invitee.post(path, { password: 'wrong wrong wrong' })).statusCode).toBe(400);
    expect((await invitee.post(path, { password: TEST_PASSWORD })).statusCode).toBe(303);
    const memberships = await app.sessions.listForUser(other.users.viewer.id);
    expect(memberships.length).toBeGreaterThan(0);
    const switchPage = await invitee.get('/organisations/switch');
    expect(pageText(switchPage.body)).toContain('brookside council');
    expect(pageText(switchPage.body)).toContain('westfield council');
  });

  it('refuses to invite an existing member, and a withdrawn invitation stops working', async () => {
    const admin = await app.clientFor(org.users.admin.id, org.organisation.id);
    const duplicate = await admin.post('/team/invite', {
      displayName: 'Viewer',
      email: org.users.viewer.email,
      role: 'viewer',
    });
    expect(duplicate.statusCode).toBe(400);
    expect(pageText(duplicate.body)).toContain('is already a member');

    const created = await admin.post('/team/invite', {
      displayName: 'Temp',
      email: 'temp@westfield.test',
      role: 'viewer',
    });
    const path = invitationPath(created.body);
    const invitation = (await app.services.team.listOpenInvitations(org.organisation.id)).find(
      (i) => i.email === 'temp@westfield.test',
    );
    expect((await admin.post(`/team/invitations/${invitation!.id}/withdraw`)).statusCode).toBe(303);
    expect((await app.client().get(path)).statusCode).toBe(404);
  });

  it('validates the invitation form field by field', async () => {
    const admin = await app.clientFor(org.users.admin.id, org.organisation.id);
    const response = await admin.post('/team/invite', {
      displayName: '',
      email: 'not-an-email',
      role: 'emperor',
    });
    expect(response.statusCode).toBe(400);
    for (const field of ['displayName', 'email', 'role']) expect(response.body).toContain(`href="#${field}"`);
  });
});

describe('roles', () => {
  it('changes a role, and a conflicting change gets the conflict page', async () => {
    const admin = await app.clientFor(org.users.admin.id, org.organisation.id);
    const member = await app.services.team.getMember(org.organisation.id, org.users.viewer.id);
    const version = String(member.version);
    expect((await admin.post(`/team/${member.userId}`, { role: 'contributor', version })).statusCode).toBe(
      303,
    );
    const stale = await admin.post(`/team/${member.userId}`, { role: 'assessor', version });
    expect(stale.statusCode).toBe(409);
    expect(pageText(stale.body)).toContain('Peer assessor');
    expect((await app.services.team.getMember(org.organisation.id, member.userId)).role).toBe('contributor');
  });

  it('never leaves an organisation without an administrator', async () => {
    const solo = await createTestOrganisation(app.db, app.services, 'lonely');
    const admin = await app.clientFor(solo.users.admin.id, solo.organisation.id);
    const member = await app.services.team.getMember(solo.organisation.id, solo.users.admin.id);
    const demote = await admin.post(`/team/${member.userId}`, {
      role: 'viewer',
      version: String(member.version),
    });
    expect(demote.statusCode).toBe(400);
    expect(pageText(demote.body)).toContain('at least one administrator');
    const remove = await admin.post(`/team/${member.userId}/remove`);
    expect(remove.statusCode).toBe(400);
    expect((await app.services.team.getMember(solo.organisation.id, member.userId)).role).toBe('admin');
  });

  it('removes a member, who then cannot use the organisation', async () => {
    const admin = await app.clientFor(org.users.admin.id, org.organisation.id);
    const leaver = await app.clientFor(org.users.assessor.id, org.organisation.id);
    const confirm = await admin.get(`/team/${org.users.assessor.id}/remove`);
    expect(pageText(confirm.body)).toContain('Remove');
    expect((await admin.post(`/team/${org.users.assessor.id}/remove`)).headers.location).toMatch(
      /^\/team\?removed=/,
    );
    expect((await leaver.get('/')).statusCode).toBe(403);
  });
});
