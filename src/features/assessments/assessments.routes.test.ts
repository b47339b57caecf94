import { sql } from 'kysely';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimalPdf } from '../../../test/helpers/crafted-files.ts';
import { createTestOrganisation, type TestOrganisation } from '../../../test/helpers/fixtures.ts';
import { pageText } from '../../../test/helpers/http-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { findBuiltIn } from '../frameworks/built-in-frameworks.ts';

let app: TestApp;
let org: TestOrganisation;
const eflg = findBuiltIn('eflg-2021@2021')!;

beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'assessing');
});
afterAll(() => app.close());

async function addLinkEvidence(
  client: Awaited<ReturnType<TestApp['clientFor']>>,
  title: string,
  reviewDate: string,
  ref: string,
  assessmentPath: string,
) {
  const response = await client.upload('/evidence/new', null, {
    fields: {
      title,
      kind: 'link',
      url: `https://council.example.gov.uk/${encodeURIComponent(title)}.pdf`,
      reviewDate,
      strands: ['race', 'disability'],
      frameworkId: 'eflg-2021',
      criterionRef: ref,
      returnTo: `${assessmentPath}/criteria/${ref}`,
    },
  });
  expect(response.statusCode, response.body.slice(0, 400)).toBe(303);
  return response;
}

describe('starting an assessment', () => {
  it("asks for the framework first, then offers only that framework's areas and levels", async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const choose = pageText((await lead.get('/assessments/new')).body);
    expect(choose).toContain('Step 1 of 2');
    expect(choose).toContain('NHS Equality Delivery System 2022');

    const eds = await lead.get('/assessments/new?framework=nhs-eds-2022%402022');
    expect(eds.statusCode).toBe(200);
    expect(pageText(eds.body)).toContain('Step 2 of 2');
    expect(eds.body).toContain('Commissioned or provided services');
    expect(eds.body).toContain('<option value="excelling">Excelling</option>');
    expect(eds.body).not.toContain('Understanding and working with your communities');
    expect(eds.body).not.toContain('value="excellent"');

    const unknown = await lead.get('/assessments/new?framework=nope%401');
    expect(unknown.statusCode).toBe(400);
    expect(pageText(unknown.body)).toContain('Choose a framework from the list');

    // A problem on step 2 keeps the framework chosen and its areas.
    const untitled = await lead.post('/assessments/new', {
      frameworkKey: 'eflg-2009@2009',
      title: '',
      scopeChoice: 'some',
      scope: ['3'],
      targetLevel: 'excellent',
    });
    expect(untitled.statusCode).toBe(400);
    expect(pageText(untitled.body)).toContain('Enter a title for the assessment');
    expect(untitled.body).toContain('Community engagement and satisfaction');
    expect(untitled.body).toMatch(/value="3" checked/);
    expect(untitled.body).toContain('<option value="excellent" selected>Excellent</option>');

    const wrongLevel = await lead.post('/assessments/new', {
      frameworkKey: 'nhs-eds-2022@2022',
      title: 'EDS 2022 review',
      scopeChoice: 'all',
      targetLevel: 'excellent',
    });
    expect(wrongLevel.statusCode).toBe(400);
    expect(pageText(wrongLevel.body)).toContain('Choose one of the levels of NHS Equality Delivery System');
  });
});

describe('self-assessment against EFLG 2021', () => {
  it('takes an equality lead from starting an assessment to a module at Developing and a pack for the peer team', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const started = await lead.post('/assessments/new', {
      frameworkKey: 'eflg-2021@2021',
      title: 'EFLG 2026: journey to Achieving',
      scopeChoice: 'some',
      scope: ['2', '4'],
      targetLevel: 'achieving',
      ownerUserId: org.users.equality_lead.id,
    });
    expect(started.statusCode).toBe(303);
    const path = started.headers.location as string;
    let overview = pageText((await lead.get(path)).body);
    expect(overview).toContain(
      '2. Leadership, partnership and organisational commitment Not yet Developing 0 of 12',
    );
    expect(overview).not.toContain('1. Understanding and working with your communities');
    expect(overview).toContain('Journey to Developing');
    expect(overview).toContain('Journey to Achieving');

    // Rate every Developing criterion of module 2 as met; evidence for all but 2.4.1.
    const developing = eflg.criteria.filter((c) => c.area.startsWith('2.') && c.level === 'developing');
    for (const criterion of developing) {
      const rated = await lead.post(`${path}/criteria/${criterion.ref}/rating`, {
        version: '0',
        rating: 'met',
        // One narrative looks like a spreadsheet formula: the ratings CSV must not run it.
        narrative:
          criterion.ref === '2.4.1'
            ? '=HYPERLINK("http://evil.example","Evidence")'
            : `How we meet ${criterion.ref}.`,
        ownerUserId: org.users.contributor.id,
      });
      expect(rated.statusCode).toBe(303);
      if (criterion.ref !== '2.4.1')
        await addLinkEvidence(lead, `Evidence for ${criterion.ref}`, '2099-03-31', criterion.ref, path);
    }
    overview = pageText((await lead.get(path)).body);
    expect(overview).toContain('Not yet Developing 4 of 12 Developing: 1 criterion to close');
    expect(overview).toContain('2.4.1 : Rated met, but no evidence is linked');

    // Evidence past its review date does not count: the rule wants current evidence.
    await addLinkEvidence(lead, 'Old annual report', '2001-01-31', '2.4.1', path);
    expect(pageText((await lead.get(path)).body)).toContain(
      '2.4.1 : Rated met, but all its evidence is past its review date',
    );
    await addLinkEvidence(lead, 'Annual equality report 2026', '2099-01-31', '2.4.1', path);
    overview = pageText((await lead.get(path)).body);
    expect(overview).toContain(
      '2. Leadership, partnership and organisational commitment Developing 4 of 12 Achieving: 4 criteria to close',
    );
    expect(overview).toContain(
      'The overall level is the lowest level reached by any area. Diverse and engaged workforce has not reached Developing yet.',
    );

    // Withdrawn evidence counts for nothing: 2.1.1 becomes "rated met, but no evidence".
    const [draft] = await app.services.evidence.list(org.organisation.id, { text: 'Evidence for 2.1.1' });
    const withdrawn = await lead.post(`/evidence/${draft!.id}/withdraw`, {
      version: String(draft!.version),
      reason: 'A draft, not the signed statement',
    });
    expect(withdrawn.statusCode).toBe(303);
    expect(pageText((await lead.get(path)).body)).toContain('2.1.1 : Rated met, but no evidence is linked');

    // Readiness counts agree with a plain SQL count of the same thing.
    const readiness = pageText((await lead.get(`${path}/readiness`)).body);
    const counted = await sql<{ met: number; partly: number; unevidenced: number; stale: number }>`
      with rated as (
        select r.rating, exists (
                 select 1 from record_links c join evidence_items e on e.id::text = c.from_id
                 where c.from_type = 'evidence' and c.to_type = 'criterion'
                   and c.to_id = 'eflg-2021:' || r.criterion_ref and c.organisation_id = r.organisation_id
                   and e.withdrawn_at is null) as evidenced
        from criterion_ratings r where r.assessment_id = ${path.split('/').pop()!} and r.rating <> 'not_started')
      select count(*) filter (where rating = 'met' and evidenced)::int as met,
             count(*) filter (where rating = 'partly_met' and evidenced)::int as partly,
             count(*) filter (where not evidenced)::int as unevidenced,
             (select count(distinct c.to_id)::int from record_links c join evidence_items e on e.id::text = c.from_id
               where c.organisation_id = ${org.organisation.id} and c.from_type = 'evidence'
                 and c.to_type = 'criterion' and c.to_id like 'eflg-2021:%'
                 and e.review_date < current_date and e.withdrawn_at is null) as stale
      from rated`.execute(app.db);
    const { met, partly, unevidenced, stale } = counted.rows[0]!;
    expect(unevidenced).toBe(1);
    expect(readiness).toContain(
      `All areas ${met} ${partly} ${unevidenced} ${27 - met - partly - unevidenced} ${stale}`,
    );
    expect(readiness).toContain('Old annual report');

    // A gap becomes an action in the plan, linked both ways.
    const gap = await lead.post(`${path}/criteria/2.3.2/action`, {
      text: 'Publish every equality impact assessment with the committee report it informs',
      targetEnd: '2027-03-31',
      leadUserId: org.users.contributor.id,
    });
    expect(gap.statusCode).toBe(303);
    const actionBody = (await lead.get(gap.headers.location as string)).body;
    // Its framework reference links to the criterion in the assessment that covers it.
    expect(actionBody).toContain(`href="${path}/criteria/2.3.2"`);
    const actionPage = pageText(actionBody);
    expect(actionPage).toContain('Publish every equality impact assessment');
    expect(actionPage).toContain('March 2027');
    // And its Linked records panel says why it exists: that criterion, in that assessment.
    expect(actionPage).toMatch(/Why this exists 2\.3\.2 in EFLG 2026: journey to Achieving: /);
    expect(pageText((await lead.get(`${path}/criteria/2.3.2`)).body)).toContain(
      'Publish every equality impact assessment',
    );

    // The pack, three ways.
    const pack = pageText((await lead.get(`${path}/pack`)).body);
    expect(pack).toContain('Overall: not yet reached.');
    expect(pack).toContain('How we meet 2.1.1.');
    expect(pack).not.toContain('Evidence for 2.1.1');
    expect(pack).toContain('Annual equality report 2026 (review by 31 January 2099)');
    const docx = await lead.get(`${path}/pack.docx`);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    const { value: docText } = await mammoth.extractRawText({ buffer: docx.rawPayload });
    expect(docText).toContain('2.2.1 The council has published equality objectives');
    expect(docText).toContain('Evidence for 2.2.1');
    const csv = (await lead.get(`${path}/ratings.csv`)).body;
    expect(csv.split('\n')[0]).toBe(
      'Framework,Area,Sub-area,Reference,Level,Criterion,Rating,Evidence items,Current evidence items,Owner,Review date,Narrative',
    );
    expect(csv).toContain('2.4.1,Developing');
    expect(csv.trim().split('\n')).toHaveLength(28);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example""`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(pageText((await lead.get(`${path}/history`)).body)).toContain('2.4.1 Met');

    // Every change is audited.
    const log = await app.services.auditLog.page(org.organisation.id, { entityType: 'assessment' }, 1);
    expect(log.events.map((event) => event.action)).toContain('assessment.criterion_rated');
  });

  it('refuses a stale rating with both versions shown, and keeps contributors to their areas', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const contributor = await app.clientFor(org.users.contributor.id, org.organisation.id);
    const id = await app.services.assessments.start({ userId: null, label: 'T' }, org.organisation.id, {
      frameworkKey: 'eflg-2021@2021',
      title: 'Conflicts',
      scope: [],
      targetLevel: null,
      ownerUserId: null,
    });
    await lead.post(`/assessments/${id}/criteria/1.1.1/rating`, { version: '0', rating: 'partly_met' });
    const stale = await lead.post(`/assessments/${id}/criteria/1.1.1/rating`, {
      version: '0',
      rating: 'met',
      narrative: 'Mine',
    });
    expect(stale.statusCode).toBe(409);
    expect(pageText(stale.body)).toContain('Narrative Mine');

    const refused = await contributor.post(`/assessments/${id}/criteria/1.1.1/rating`, {
      version: '1',
      rating: 'met',
    });
    expect(refused.statusCode).toBe(403);
    await lead.post(`/assessments/${id}/contributors`, { areaId: '1', userIds: [org.users.contributor.id] });
    const allowed = await contributor.post(`/assessments/${id}/criteria/1.1.1/rating`, {
      version: '1',
      rating: 'met',
    });
    expect(allowed.statusCode).toBe(303);
    expect(
      (await contributor.post(`/assessments/${id}/criteria/4.1.1/rating`, { version: '0', rating: 'met' }))
        .statusCode,
    ).toBe(403);
  });

  it("keeps everyone to the assessment's scope: criterion pages, ratings, comments and evidence", async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const assessor = await app.clientFor(org.users.assessor.id, org.organisation.id);
    // A separate organisation, so no other test's shared assessment widens what the assessor sees.
    const scoped = await createTestOrganisation(app.db, app.services, 'scoped');
    const scopedLead = await app.clientFor(scoped.users.equality_lead.id, scoped.organisation.id);
    const scopedAssessor = await app.clientFor(scoped.users.assessor.id, scoped.organisation.id);
    const id = await app.services.assessments.start({ userId: null, label: 'T' }, scoped.organisation.id, {
      frameworkKey: 'eflg-2021@2021',
      title: 'Module 1 only',
      scope: ['1'],
      targetLevel: 'achieving',
      ownerUserId: null,
    });
    await scopedLead.post(`/assessments/${id}/settings`, {
      version: '1',
      title: 'Module 1 only',
      targetLevel: 'achieving',
      ownerUserId: '',
      sharedWithAssessors: 'yes',
      status: 'submitted',
    });
    const upload = (title: string, ref: string) =>
      scopedLead.upload(
        '/evidence/new',
        { name: `${title}.pdf`, content: minimalPdf() },
        { fields: { title, kind: 'upload', frameworkId: 'eflg-2021', criterionRef: ref } },
      );
    const inside = (await upload('Community profile', '1.1.1')).headers.location as string;
    const outside = (await upload('Workforce report', '4.1.1')).headers.location as string;

    expect((await scopedAssessor.get(`/assessments/${id}/criteria/1.1.1`)).statusCode).toBe(200);
    expect((await scopedAssessor.get(`${inside}/file`)).statusCode).toBe(200);
    expect((await scopedAssessor.get(`/assessments/${id}/criteria/4.1.1`)).statusCode).toBe(404);
    expect((await scopedAssessor.get(`${outside}/file`)).statusCode).toBe(404);
    expect(
      (await scopedAssessor.post(`/assessments/${id}/criteria/4.1.1/comments`, { body: 'Out of scope' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await scopedLead.post(`/assessments/${id}/criteria/4.1.1/rating`, { version: '0', rating: 'met' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await scopedLead.post(`/assessments/${id}/criteria/4.1.1/action`, { text: 'Out of scope' }))
        .statusCode,
    ).toBe(404);
    expect(pageText((await scopedAssessor.get(`/assessments/${id}/pack`)).body)).not.toContain(
      'Workforce report',
    );
    // The other organisation's people are untouched by any of this.
    expect((await lead.get('/assessments')).statusCode).toBe(200);
    expect((await assessor.get(`/assessments/${id}`)).statusCode).toBe(404);
  });

  it('lets an assessor read and comment on a shared assessment, and nothing else', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const assessor = await app.clientFor(org.users.assessor.id, org.organisation.id);
    const id = await app.services.assessments.start({ userId: null, label: 'T' }, org.organisation.id, {
      frameworkKey: 'eflg-2021@2021',
      title: 'For the peer team',
      scope: [],
      targetLevel: 'achieving',
      ownerUserId: null,
    });
    expect((await assessor.get(`/assessments/${id}`)).statusCode).toBe(404);
    expect(pageText((await assessor.get('/assessments')).body)).not.toContain('For the peer team');
    const version = (
      await app.services.assessments.load(org.organisation.id, id, { userId: null, role: 'admin' })
    ).assessment.version;
    expect(
      (
        await lead.post(`/assessments/${id}/settings`, {
          version: String(version),
          title: 'For the peer team',
          targetLevel: 'achieving',
          ownerUserId: '',
          sharedWithAssessors: 'yes',
          status: 'submitted',
        })
      ).statusCode,
    ).toBe(303);

    expect(pageText((await assessor.get('/assessments')).body)).toContain('For the peer team');
    expect((await assessor.get(`/assessments/${id}/pack`)).statusCode).toBe(200);
    const commented = await assessor.post(`/assessments/${id}/criteria/3.1.2/comments`, {
      body: 'Please show a contract where this was monitored.',
    });
    expect(commented.statusCode).toBe(303);
    const page = pageText((await lead.get(`/assessments/${id}/criteria/3.1.2`)).body);
    expect(page).toContain(`${org.users.assessor.displayName}`);
    expect(page).toContain('Assessor');
    expect(page).toContain('Please show a contract where this was monitored.');
    expect(
      (await assessor.post(`/assessments/${id}/criteria/3.1.2/rating`, { version: '0', rating: 'met' }))
        .statusCode,
    ).toBe(403);
    expect((await assessor.get('/evidence')).statusCode).toBe(403);

    // An uploaded document linked to the shared framework opens for the assessor until withdrawn.
    const uploaded = await lead.upload(
      '/evidence/new',
      { name: 'Contract monitoring.pdf', content: minimalPdf() },
      {
        fields: {
          title: 'Contract monitoring 2026',
          kind: 'upload',
          frameworkId: 'eflg-2021',
          criterionRef: '3.1.2',
        },
      },
    );
    const itemPath = uploaded.headers.location as string;
    expect((await assessor.get(`${itemPath}/file`)).statusCode).toBe(200);
    await lead.post(`${itemPath}/withdraw`, { version: '1', reason: 'The wrong contract' });
    expect((await assessor.get(`${itemPath}/file`)).statusCode).toBe(404);
  });
});
