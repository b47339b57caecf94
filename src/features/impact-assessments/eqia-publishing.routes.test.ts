import mammoth from 'mammoth';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestOrganisation,
  TEST_PASSWORD,
  type TestOrganisation,
} from '../../../test/helpers/fixtures.ts';
import { pageText } from '../../../test/helpers/http-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { defaultTemplate } from './eqia-template.ts';
import { linkState } from './eqia-reviewers.service.ts';

let app: TestApp;
let org: TestOrganisation;
let other: TestOrganisation;
let clock = new Date('2026-12-07T10:00:00Z');

const actor = { userId: null, label: 'Test' };
const lead = { userId: null, role: 'equality_lead' as const };

beforeAll(async () => {
  app = await startTestApp({ now: () => clock });
  org = await createTestOrganisation(app.db, app.services, 'publishing');
  other = await createTestOrganisation(app.db, app.services, 'elsewhere');
});
afterAll(() => app.close());

async function signedIn(who: TestOrganisation, role: 'equality_lead' | 'contributor' | 'viewer') {
  const client = app.client();
  await client.signIn(who.users[role].email, TEST_PASSWORD);
  await client.get('/impact-assessments');
  return client;
}

/** An assessment with an adverse impact on disability, a mitigation, screened, out for review. */
async function assessmentInReview(who: TestOrganisation, title: string): Promise<string> {
  const eqia = app.services.eqia;
  const organisationId = who.organisation.id;
  const id = await eqia.create(actor, organisationId, { title, service: 'Adult social care' });
  const template = defaultTemplate();
  await eqia.saveScreening(actor, organisationId, id, 1, {
    answers: Object.fromEntries(
      template.screening.map((q) => [q.id, q.id === 'reducesAccess' ? 'yes' : 'no']),
    ),
    reason: 'It reduces access for some residents.',
  });
  const impacts: Record<string, string> = {};
  for (const characteristic of template.characteristics) impacts[`nature-${characteristic.id}`] = 'neutral';
  impacts['nature-disability'] = 'negative';
  impacts['severity-disability'] = 'high';
  impacts['evidence-disability'] = 'A third of the users are disabled.';
  impacts['aim-advance'] = 'Users are offered places elsewhere, with transport.';
  await eqia.saveImpacts(actor, organisationId, id, 2, impacts);
  await eqia.saveOutcome(actor, organisationId, id, 3, {
    outcome: 'adjust',
    reason: 'Transport is provided.',
    reviewOn: '2027-01-01',
  });
  await eqia.addMitigation(actor, organisationId, id, {
    text: 'Provide accessible transport',
    targetEnd: null,
  });
  await eqia.submitForReview(actor, organisationId, id, 4);
  return id;
}

async function approved(who: TestOrganisation, title: string): Promise<string> {
  const id = await assessmentInReview(who, title);
  await app.services.eqia.approve(actor, lead, who.organisation.id, id, 5);
  return id;
}

describe('the public register of impact assessments', () => {
  it('publishes a signed-off assessment as a cacheable page and a Word document, and takes it down', async () => {
    const id = await approved(org, 'Closing the Riverside day centre');
    const staff = await signedIn(org, 'equality_lead');
    expect(pageText((await staff.get(`/impact-assessments/${id}`)).body)).toContain(
      'Signed off, not yet published',
    );
    expect((await staff.post(`/impact-assessments/${id}/publish`)).statusCode).toBe(303);
    const staffPage = pageText((await staff.get(`/impact-assessments/${id}?published`)).body);
    expect(staffPage).toContain('The assessment has been published on the public register');
    const publicationId = (await app.services.eqiaPublishing.status(org.organisation.id, id)).live!.id;

    const reader = app.client();
    const register = await reader.get(`/p/${org.organisation.slug}/impact-assessments`);
    expect(register.statusCode).toBe(200);
    expect(register.headers['set-cookie']).toBeUndefined();
    expect(pageText(register.body)).toContain('Closing the Riverside day centre');
    expect(pageText(register.body)).toContain('1 published assessment');

    const path = `/p/${org.organisation.slug}/impact-assessments/${publicationId}`;
    const page = await reader.get(path);
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toContain('It finds an adverse impact on 1 characteristic');
    expect(text).toContain('Disability (High)');
    expect(text).toContain('Provide accessible transport');
    expect(text).toContain('Adjust the proposal');
    expect(page.headers['cache-control']).toContain('public');
    const again = await reader.get(path, { 'if-none-match': String(page.headers.etag) });
    expect(again.statusCode).toBe(304);

    const welsh = pageText((await reader.get(`${path}?lang=cy`)).body);
    expect(welsh).toContain('Asesiad effaith cydraddoldeb');

    const document = await reader.get(`${path}/document.docx`);
    expect(document.statusCode).toBe(200);
    expect(document.headers['content-type']).toContain('wordprocessingml');
    const words = (await mammoth.extractRawText({ buffer: document.rawPayload })).value;
    expect(words).toContain('Closing the Riverside day centre');
    expect(words).toContain('A third of the users are disabled.');
    expect(words).toContain('Provide accessible transport');

    // Another organisation's name cannot reach this publication.
    expect(
      (await reader.get(`/p/${other.organisation.slug}/impact-assessments/${publicationId}`)).statusCode,
    ).toBe(404);

    // Publishing again replaces the copy: one live publication, the old address gone.
    expect((await staff.post(`/impact-assessments/${id}/publish`)).statusCode).toBe(303);
    const live = await sql<{ count: number }>`
      select count(*)::int as count from eqia_publications where assessment_id = ${id} and withdrawn_at is null`.execute(
      app.db,
    );
    expect(live.rows[0]!.count).toBe(1);
    expect((await reader.get(path)).statusCode).toBe(404);
    const newId = (await app.services.eqiaPublishing.status(org.organisation.id, id)).live!.id;

    expect((await staff.post(`/impact-assessments/${id}/withdraw`)).statusCode).toBe(303);
    expect((await reader.get(`/p/${org.organisation.slug}/impact-assessments/${newId}`)).statusCode).toBe(
      404,
    );
    expect(pageText((await reader.get(`/p/${org.organisation.slug}/impact-assessments`)).body)).toContain(
      'No impact assessment has been published yet',
    );
    const actions = (await app.services.auditLog.page(org.organisation.id, {}, 1)).events.map(
      (e) => e.action,
    );
    expect(actions).toContain('eqia.published');
    expect(actions).toContain('eqia.withdrawn');
  });

  it('publishes only what is signed off, and only a lead does it', async () => {
    const id = await assessmentInReview(org, 'Charging for garden waste');
    const staff = await signedIn(org, 'equality_lead');
    const refused = await staff.post(`/impact-assessments/${id}/publish`);
    expect(refused.statusCode).toBe(400);
    expect(pageText(refused.body)).toContain('Only a signed-off assessment can be published');
    const done = await approved(org, 'Library opening hours');
    const contributor = await signedIn(org, 'contributor');
    expect((await contributor.post(`/impact-assessments/${done}/publish`)).statusCode).toBe(403);
  });

  it('takes the public’s comments for the staff, with per-field problems, and ignores a robot', async () => {
    const id = await approved(org, 'Moving the housing office');
    const publicationId = await app.services.eqiaPublishing.publish(actor, org.organisation.id, id);
    const path = `/p/${org.organisation.slug}/impact-assessments/${publicationId}`;
    const reader = app.client();

    const empty = await reader.post(`${path}/comments`, { comment: '  ', email: 'not an address' });
    expect(empty.statusCode).toBe(400);
    expect(empty.headers['cache-control']).toBe('no-store');
    expect(pageText(empty.body)).toContain('Enter your comment');
    const badEmail = await reader.post(`${path}/comments`, { comment: 'Hello', email: 'not an address' });
    expect(pageText(badEmail.body)).toContain('Enter an email address in the correct format');
    // What was typed is kept.
    expect(badEmail.body).toMatch(/<textarea[^>]*name="comment"[^>]*>Hello<\/textarea>/);

    const sent = await reader.post(`${path}/comments`, {
      comment: 'The new office has no step-free entrance.',
      name: 'Ana Pereira',
      email: 'ana@example.com',
    });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`${path}/comment-received`);
    expect(pageText((await reader.get(sent.headers.location as string)).body)).toContain('Comment received');

    const robot = await reader.post(`${path}/comments`, {
      comment: 'Buy things',
      website: 'http://spam.test',
    });
    expect(robot.statusCode).toBe(303);

    const staff = await signedIn(org, 'viewer');
    const staffPage = pageText((await staff.get(`/impact-assessments/${id}`)).body);
    expect(staffPage).toContain('1 comment from the public');
    expect(staffPage).toContain('The new office has no step-free entrance.');
    expect(staffPage).not.toContain('Buy things');
    const actions = (await app.services.auditLog.page(org.organisation.id, {}, 1)).events.map(
      (e) => e.action,
    );
    expect(actions).toContain('eqia.public_comment');
  });
});

describe('critical friends invited by link', () => {
  it('lets a named reviewer without an account read and comment until the link is revoked', async () => {
    const id = await assessmentInReview(org, 'Closing two public toilets');
    const officer = await signedIn(org, 'contributor');
    const noName = await officer.post(`/impact-assessments/${id}/reviewers`, { reviewerGroup: 'Forum' });
    expect(noName.statusCode).toBe(400);
    expect(pageText(noName.body)).toContain('Enter the name of the person you are inviting');
    expect(noName.body).toContain('value="Forum"');

    const made = await officer.post(`/impact-assessments/${id}/reviewers`, {
      reviewerName: 'Jo Bloggs',
      reviewerGroup: 'Disability Advisory Forum',
    });
    expect(made.statusCode).toBe(200);
    const url = /value="(https?:\/\/[^"]+\/review\/[^"]+)"/.exec(made.body)![1]!;
    const path = new URL(url).pathname;

    const friend = app.client();
    const page = await friend.get(path);
    expect(page.statusCode).toBe(200);
    expect(pageText(page.body)).toContain('Jo Bloggs, you have been asked to review');
    expect(pageText(page.body)).toContain('Provide accessible transport');
    expect((await friend.post(path, { comment: '' })).statusCode).toBe(400);
    expect((await friend.post(path, { comment: 'Have you asked the Access Group?' })).statusCode).toBe(303);
    // Without the session's CSRF token the form is refused.
    expect((await app.client().post(path, { comment: 'Forged' })).statusCode).toBe(403);

    const [comment] = await app.services.eqia.comments(org.organisation.id, id);
    expect(comment!.authorLabel).toBe('Jo Bloggs (Disability Advisory Forum)');
    await officer.post(`/impact-assessments/comments/${comment!.id}/response`, {
      [`response-${comment!.id}`]: 'Yes, at their March meeting.',
    });
    expect(pageText((await friend.get(path)).body)).toContain('Yes, at their March meeting.');

    const [link] = await app.services.eqiaReviewers.list(org.organisation.id, id);
    expect((await officer.post(`/impact-assessments/reviewers/${link!.id}/revoke`)).statusCode).toBe(303);
    const gone = await friend.get(path);
    expect(gone.statusCode).toBe(404);
    expect(pageText(gone.body)).toContain('This review link does not work');
    const actions = (await app.services.auditLog.page(org.organisation.id, {}, 1)).events.map(
      (e) => e.action,
    );
    for (const step of ['eqia.reviewer_invited', 'eqia.reviewed', 'eqia.reviewer_revoked'])
      expect(actions).toContain(step);
  });

  it('shows a draft’s title only, as an assessor would see nothing of it until it is sent for review', async () => {
    const id = await app.services.eqia.create(actor, org.organisation.id, {
      title: 'A draft not yet ready',
      description: 'Secret working notes',
    });
    const link = await app.services.eqiaReviewers.invite(actor, org.organisation.id, id, {
      name: 'Early',
      group: '',
    });
    const page = pageText((await app.client().get(new URL(link.url).pathname)).body);
    expect(page).toContain('A draft not yet ready');
    expect(page).toContain('The assessment is still being written');
    expect(page).not.toContain('Secret working notes');
  });

  it('stops working after its days', async () => {
    const id = await assessmentInReview(org, 'Parking charges at the leisure centre');
    const link = await app.services.eqiaReviewers.invite(actor, org.organisation.id, id, {
      name: 'Sam',
      group: '',
    });
    const path = new URL(link.url).pathname;
    expect((await app.client().get(path)).statusCode).toBe(200);
    const before = clock;
    clock = new Date(link.expiresAt.getTime() + 1000);
    try {
      expect((await app.client().get(path)).statusCode).toBe(404);
    } finally {
      clock = before;
    }
    expect(linkState({ expiresAt: link.expiresAt, revokedAt: null }, link.expiresAt)).toBe('expired');
    expect(linkState({ expiresAt: link.expiresAt, revokedAt: new Date() }, before)).toBe('revoked');
  });
});

describe('review dates', () => {
  it('put an owner’s signed-off assessments due for review in their digest', async () => {
    const owner = { userId: org.users.contributor.id, label: 'Contributor' };
    const eqia = app.services.eqia;
    const organisationId = org.organisation.id;
    const id = await eqia.create(owner, organisationId, { title: 'Reviewing the lettings policy' });
    await eqia.saveScreening(owner, organisationId, id, 1, {
      answers: Object.fromEntries(defaultTemplate().screening.map((q) => [q.id, 'no'])),
      reason: 'Nothing changes for residents.',
    });
    await eqia.saveOutcome(owner, organisationId, id, 2, {
      outcome: 'no_change',
      reason: '',
      reviewOn: '2026-12-20',
    });
    await eqia.submitForReview(owner, organisationId, id, 3);
    await eqia.approve(actor, lead, organisationId, id, 4);
    const run = await app.services.reminders.sendFor(organisationId, { dryRun: true });
    const digest = run.digests.find((one) => one.person.userId === org.users.contributor.id)!;
    expect(digest.body).toContain('Reviewing the lettings policy (review by 20 December 2026)');
    expect(digest.subject).toContain('1 impact assessment due for review');
  });
});
