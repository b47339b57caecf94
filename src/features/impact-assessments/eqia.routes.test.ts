import fs from 'node:fs';
import { sql } from 'kysely';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestOrganisation,
  TEST_PASSWORD,
  type TestOrganisation,
} from '../../../test/helpers/fixtures.ts';
import { pageText } from '../../../test/helpers/http-client.ts';
import { sharedFile } from '../../../test/helpers/shared-data.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { defaultTemplate } from './eqia-template.ts';

let app: TestApp;
let org: TestOrganisation;
let serviceId: string;

const ADUR = 'E07000223';
const actor = { userId: null, label: 'Test' };
const lead = { userId: null, role: 'equality_lead' as const };

beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'eqia');
  await app.services.communities.importBoundaries(
    actor,
    org.organisation.id,
    'ltla.geojson',
    fs.readFileSync(sharedFile('data/boundaries/sussex_ltla_2022.geojson'), 'utf8'),
  );
  await app.services.communities.importDataset(
    actor,
    org.organisation.id,
    'ts021.csv',
    fs.readFileSync(sharedFile('data/census/lsoa/sussex_ts021_ethnic_group_lsoa_nomis.csv'), 'utf8'),
  );
  serviceId = await app.services.monitoring.createService(actor, org.organisation.id, {
    name: 'Day centres',
    catchmentAreaCode: ADUR,
  });
  const rows = ['Ethnic group,Disability'];
  for (let index = 0; index < 300; index += 1)
    rows.push(`${index % 10 === 0 ? 'Indian' : 'White British'},${index % 3 === 0 ? 'Yes' : 'No'}`);
  await app.services.monitoring.importPeriod(actor, org.organisation.id, serviceId, {
    period: '2025-26',
    fileName: 'day-centres.csv',
    text: rows.join('\n'),
  });
});
afterAll(() => app.close());

async function signedIn(role: 'equality_lead' | 'contributor' | 'assessor' | 'viewer') {
  const client = app.client();
  await client.signIn(org.users[role].email, TEST_PASSWORD);
  await client.get('/impact-assessments');
  return client;
}

const allAnswers = (yes: string[]) =>
  Object.fromEntries(
    defaultTemplate().screening.map((q) => [`screening-${q.id}`, yes.includes(q.id) ? 'yes' : 'no']),
  );

describe('an impact assessment from screening to sign-off, through the pages', () => {
  it('runs the whole journey, with the evidence prefilled, a mitigation in the plan and a critical friend’s review', async () => {
    const officer = await signedIn('contributor');
    const started = await officer.post('/impact-assessments', {
      title: 'Closing the Riverside day centre',
      service: 'Adult social care',
      leadOfficer: 'Sam Lee',
      areaCode: ADUR,
      monitoredServiceId: serviceId,
    });
    expect(started.statusCode).toBe(303);
    const base = (started.headers.location as string).replace(/\/screening\?started$/, '');
    const id = base.split('/')[2]!;
    const version = async () =>
      (await app.services.eqia.page(org.organisation.id, id, lead)).assessment.version;

    // Screening: a decisive yes needs a full assessment.
    const screening = await officer.get(`${base}/screening?started`);
    expect(pageText(screening.body)).toContain('The assessment has been started');
    const unanswered = await officer.post(`${base}/screening`, { version: String(await version()) });
    expect(unanswered.statusCode).toBe(400);
    expect(pageText(unanswered.body)).toContain('Answer yes or no');
    const screened = await officer.post(`${base}/screening`, {
      version: String(await version()),
      ...allAnswers(['affectsPeople', 'reducesAccess']),
    });
    expect(screened.statusCode).toBe(303);

    // The evidence: Adur's ethnic groups and the day centres' users; gaps named.
    const page = pageText((await officer.get(base)).body);
    expect(page).toContain('A full assessment is needed');
    expect(page).toContain('In Adur');
    expect(page).toContain('Of Day centres’s users'.replace('’s', "'s"));
    expect(page).toContain('No community data on this for Adur');
    expect(page).toContain('No data on this for Day centres: it does not ask');
    expect(page).toContain('the impact on Disability');

    const impacts: Record<string, string> = { version: String(await version()) };
    for (const characteristic of defaultTemplate().characteristics)
      impacts[`nature-${characteristic.id}`] = 'neutral';
    impacts['nature-disability'] = 'negative';
    impacts['evidence-disability'] = 'A third of the centre’s users are disabled.';
    const noSeverity = await officer.post(`${base}/impacts`, impacts);
    expect(noSeverity.statusCode).toBe(400);
    expect(pageText(noSeverity.body)).toContain('Choose how serious the adverse impact is');
    impacts['severity-disability'] = 'high';
    impacts['aim-advance'] = 'Users will be offered places at the Seaside centre, with transport.';
    expect((await officer.post(`${base}/impacts`, impacts)).statusCode).toBe(303);
    // Someone else's tab, saved before: refused, nothing overwritten.
    expect((await officer.post(`${base}/impacts`, { ...impacts, version: '1' })).statusCode).toBe(409);

    expect(
      (
        await officer.post(`${base}/outcome`, {
          version: String(await version()),
          outcome: 'adjust',
          outcomeReason: 'Transport to the Seaside centre is provided.',
          'reviewOn-day': '1',
          'reviewOn-month': '4',
          'reviewOn-year': '2028',
        })
      ).statusCode,
    ).toBe(303);

    const mitigated = await officer.post(`${base}/mitigations`, {
      mitigationText: 'Provide accessible transport to the Seaside centre',
      'target-day': '30',
      'target-month': '6',
      'target-year': '2027',
    });
    expect(mitigated.statusCode).toBe(303);
    const action = (await app.services.actionPlan.list(org.organisation.id)).find(
      (one) => one.text === 'Provide accessible transport to the Seaside centre',
    )!;
    expect(action.targetEnd).toBe('2027-06-30');
    expect(pageText((await officer.get(`/plan/actions/${action.id}`)).body)).toContain(
      'Closing the Riverside day centre',
    );
    expect(pageText((await officer.get(base)).body)).toContain(
      'Provide accessible transport to the Seaside centre',
    );

    // The critical friend cannot see the draft; once sent for review, comments.
    const friend = await signedIn('assessor');
    expect((await friend.get(base)).statusCode).toBe(404);
    expect((await officer.post(`${base}/submit`, { version: String(await version()) })).statusCode).toBe(303);
    expect((await friend.get(base)).statusCode).toBe(200);
    expect(
      (await friend.post(`${base}/comments`, { comment: 'What do users’ carers say about the change?' }))
        .statusCode,
    ).toBe(303);

    const approver = await signedIn('equality_lead');
    const early = await approver.post(`${base}/approve`, { version: String(await version()) });
    expect(early.statusCode).toBe(400);
    expect(pageText(early.body)).toContain('1 comment still needs a response');
    const [comment] = (await app.services.eqia.page(org.organisation.id, id, lead)).comments;
    expect(
      (
        await officer.post(`/impact-assessments/comments/${comment!.id}/response`, {
          [`response-${comment!.id}`]:
            'Carers were asked at two meetings; their views are in the consultation section.',
        })
      ).statusCode,
    ).toBe(303);
    expect((await approver.post(`${base}/approve`, { version: String(await version()) })).statusCode).toBe(
      303,
    );
    const approved = pageText((await approver.get(base)).body);
    expect(approved).toContain('Signed off');
    // Signed off is final: no more changes.
    expect(
      (
        await officer.post(`${base}/outcome`, {
          version: String(await version()),
          outcome: 'stop',
          outcomeReason: 'x',
        })
      ).statusCode,
    ).toBe(400);

    const audit = await app.services.auditLog.page(org.organisation.id, {}, 1);
    const actions = audit.events.map((event) => event.action);
    for (const step of [
      'eqia.created',
      'eqia.screened',
      'eqia.impacts_assessed',
      'eqia.mitigation_added',
      'eqia.submitted',
      'eqia.reviewed',
      'eqia.review_answered',
      'eqia.approved',
    ])
      expect(actions, step).toContain(step);
  });

  it('needs only a reason when screening finds no full assessment is needed', async () => {
    const officer = await signedIn('contributor');
    const started = await officer.post('/impact-assessments', { title: 'New supplier for office paper' });
    const base = (started.headers.location as string).replace(/\/screening\?started$/, '');
    const id = base.split('/')[2]!;
    const noReason = await officer.post(`${base}/screening`, {
      version: '1',
      ...allAnswers(['largeBudget']),
    });
    expect(noReason.statusCode).toBe(400);
    expect(pageText(noReason.body)).toContain('Enter why no full assessment is needed');
    await officer.post(`${base}/screening`, {
      version: '1',
      ...allAnswers(['largeBudget']),
      screeningReason: 'No one’s service changes.',
    });
    await officer.post(`${base}/outcome`, { version: '2', outcome: 'no_change', outcomeReason: '' });
    const found = await app.services.eqia.page(org.organisation.id, id, lead);
    expect(found.screening.fullNeeded).toBe(false);
    expect(found.missing).toEqual([]);
  });

  it('shows a programme’s cumulative impact, matching a count made in plain SQL', async () => {
    const leadClient = await signedIn('equality_lead');
    const created = await leadClient.post('/impact-assessments/programmes', {
      title: 'Budget proposals 2027/28',
    });
    expect(created.statusCode).toBe(303);
    const programmeId = (created.headers.location as string).split('/').pop()!;
    const natures: Record<string, string[]> = {
      'Reduce library hours': ['disability', 'age'],
      'End the bus subsidy': ['disability', 'age', 'rurality'],
      'Merge two day centres': ['disability'],
      'Move the contact centre online': ['age'],
    };
    for (const [title, adverse] of Object.entries(natures)) {
      const id = await app.services.eqia.create(actor, org.organisation.id, { title, programmeId });
      const values: Record<string, string> = {};
      for (const characteristic of defaultTemplate().characteristics)
        values[`nature-${characteristic.id}`] = adverse.includes(characteristic.id) ? 'negative' : 'neutral';
      for (const one of adverse) {
        values[`severity-${one}`] = 'medium';
        values[`evidence-${one}`] = 'From the consultation.';
      }
      await app.services.eqia.saveImpacts(actor, org.organisation.id, id, 1, values);
    }
    const page = await leadClient.get(`/impact-assessments/programmes/${programmeId}`);
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toContain('Across 4 proposals, adverse impacts fall on more than one proposal for');
    expect(text).toContain('Disability: 3 proposals');
    expect(text).toContain('Age: 3 proposals');

    const { rows } = await sql<{ characteristic: string; adverse: number }>`
      select key as characteristic, count(*)::int as adverse
        from impact_assessments, jsonb_each(impacts)
       where organisation_id = ${org.organisation.id} and programme_id = ${programmeId}
         and value->>'nature' = 'negative'
       group by key`.execute(app.db);
    const { matrix } = await app.services.eqia.programme(org.organisation.id, programmeId);
    const fromSql = Object.fromEntries(rows.map((row) => [row.characteristic, row.adverse]));
    for (const column of matrix.columns)
      expect(column.adverse, column.characteristic).toBe(fromSql[column.characteristic] ?? 0);

    // The committee report: the same sentence, the matrix and each proposal, in Word.
    const report = await leadClient.get(`/impact-assessments/programmes/${programmeId}/report.docx`);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toContain('wordprocessingml');
    const words = (await mammoth.extractRawText({ buffer: report.rawPayload })).value;
    expect(words).toContain('Cumulative equality impact: Budget proposals 2027/28');
    expect(words).toContain('Across 4 proposals, adverse impacts fall on more than one proposal for');
    expect(words).toContain('Disability: 3 proposals');
    expect(words).toContain('End the bus subsidy');
    expect(words).toContain('Proposals with an adverse impact');
  });

  it('keeps the template versioned: a new version for new assessments, the old one for those started', async () => {
    const leadClient = await signedIn('equality_lead');
    const before = await app.services.eqia.create(actor, org.organisation.id, {
      title: 'Started on version 1',
    });
    const saved = await leadClient.post('/impact-assessments/template', {
      extras: ['armed-forces', 'carers'],
      threshold: '5',
    });
    expect(saved.statusCode).toBe(303);
    expect(pageText((await leadClient.get(saved.headers.location as string)).body)).toContain(
      'Version 2 of the template',
    );
    expect((await leadClient.post('/impact-assessments/template', { threshold: 'many' })).statusCode).toBe(
      400,
    );
    const after = await app.services.eqia.create(actor, org.organisation.id, {
      title: 'Started on version 2',
    });
    const [old, fresh] = await Promise.all([
      app.services.eqia.page(org.organisation.id, before, lead),
      app.services.eqia.page(org.organisation.id, after, lead),
    ]);
    expect(old.assessment.template.version).toBe(1);
    expect(fresh.assessment.template.version).toBe(2);
    expect(fresh.assessment.template.characteristics.map((one) => one.id)).toContain('armed-forces');
    expect(old.assessment.template.characteristics.map((one) => one.id)).not.toContain('armed-forces');
  });
});
