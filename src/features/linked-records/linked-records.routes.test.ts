import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganisation, type TestOrganisation } from '../../../test/helpers/fixtures.ts';
import { pageText } from '../../../test/helpers/http-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { COMMAND_LINE_ACTOR } from '../../platform/audit/audit.ts';

let app: TestApp;
let org: TestOrganisation;
let other: TestOrganisation;
let actionIds: string[];
let objectiveId: string;
let otherObjectiveId: string;
let evidenceId: string;
let assessmentId: string;

async function addObjective(organisationId: string, title: string) {
  return app.services.objectives.create(COMMAND_LINE_ACTOR, organisationId, {
    title,
    reference: null,
    kind: 'organisational',
    description: null,
    ways: [],
    ownerName: null,
    periodStart: null,
    reviewDue: null,
    criteriaRefs: [],
    indicators: null,
    status: 'active',
  });
}

beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'threaded');
  other = await createTestOrganisation(app.db, app.services, 'elsewhere');
  const { parsePlan } = await import('../action-plan/plan-parser.ts');
  const { blocksFromText } = await import('../action-plan/plan-blocks.ts');
  const plan = [
    'Housing',
    '\tAction\tLead Officer/s',
    '1.1\tAsk disabled tenants about repairs\tTom',
    '1.2\tRedesign the form\tAmy',
  ];
  await app.services.actionPlan.importDirect(
    COMMAND_LINE_ACTOR,
    org.organisation.id,
    'plan',
    parsePlan(blocksFromText(plan.join('\n'))),
  );
  actionIds = (await app.services.actionPlan.list(org.organisation.id)).map((action) => action.id);
  // The contributor leads action 1.1, so may post progress on it (and link evidence to anything).
  objectiveId = await addObjective(org.organisation.id, 'Repairs work for disabled tenants');
  otherObjectiveId = await addObjective(other.organisation.id, 'Another council’s objective');
  evidenceId = await app.services.evidence.create(
    COMMAND_LINE_ACTOR,
    org.organisation.id,
    {
      title: 'Tenant survey 2026',
      kind: 'link',
      url: 'https://council.example.gov.uk/survey',
      record: null,
      description: null,
      ownerUserId: null,
      evidenceDate: null,
      reviewDate: null,
      strands: [],
    },
    null,
    null,
  );
  assessmentId = await app.services.assessments.start(COMMAND_LINE_ACTOR, org.organisation.id, {
    frameworkKey: 'eflg-2021@2021',
    title: 'Self-assessment 2026',
    scope: [],
    targetLevel: null,
    ownerUserId: null,
  });
});
afterAll(() => app.close());

const section = (text: string, heading: string) => {
  const start = text.indexOf(heading);
  return start < 0 ? '' : text.slice(start, start + 400);
};

describe('the Linked records panel', () => {
  it('joins an action to an objective from either page, shows it on both, removes it, and audits both', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const actionPage = (await lead.get(`/plan/actions/${actionIds[0]}`)).body;
    expect(actionPage).toContain('An objective this action delivers');
    expect(actionPage).toContain(`value="objective:${objectiveId}"`);
    // The other council's objective is never offered.
    expect(actionPage).not.toContain(otherObjectiveId);

    const added = await lead.post('/links', {
      anchor: `action:${actionIds[0]}`,
      anchorIsSource: 'yes',
      record: `objective:${objectiveId}`,
      returnTo: `/plan/actions/${actionIds[0]}`,
    });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`/plan/actions/${actionIds[0]}#linked-records`);
    expect(
      section(pageText((await lead.get(`/plan/actions/${actionIds[0]}`)).body), 'Why this exists'),
    ).toContain('Objective: Repairs work for disabled tenants Active');
    const objectivePage = pageText((await lead.get(`/objectives/${objectiveId}`)).body);
    expect(section(objectivePage, 'What is being done')).toContain(
      'Action 1.1: Ask disabled tenants about repairs',
    );
    expect(objectivePage).toContain('0 of 1 actions completed');
    // Linked once is linked: adding again changes nothing and writes no second audit entry.
    await lead.post('/links', {
      anchor: `objective:${objectiveId}`,
      anchorIsSource: 'no',
      record: `action:${actionIds[0]}`,
    });
    // The plan page's objective filter sees it at once (the plan's revision moved on).
    expect(pageText((await lead.get(`/plan?objective=${objectiveId}`)).body)).toContain('1 action matches');

    const removed = await lead.post('/links', {
      remove: 'yes',
      from: `action:${actionIds[0]}`,
      to: `objective:${objectiveId}`,
      returnTo: `/objectives/${objectiveId}`,
    });
    expect(removed.statusCode).toBe(303);
    expect(pageText((await lead.get(`/objectives/${objectiveId}`)).body)).toContain(
      'Nothing is linked to this yet',
    );
    expect(pageText((await lead.get(`/plan?objective=${objectiveId}`)).body)).toContain(
      '0 actions match these filters',
    );

    const audit = await sql<{ action: string; entity_type: string }>`
      select action, entity_type from audit_events
       where organisation_id = ${org.organisation.id} and action like 'record.%' order by occurred_at, id`.execute(
      app.db,
    );
    expect(audit.rows).toEqual([
      { action: 'record.linked', entity_type: 'action' },
      { action: 'record.unlinked', entity_type: 'action' },
    ]);
  });

  it('puts evidence under "What shows it worked" on actions, objectives and criteria, and its purposes on its own page', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const evidence = `evidence:${evidenceId}`;
    for (const record of [`action:${actionIds[1]}`, `objective:${objectiveId}`, 'criterion:eflg-2021:1.1.2'])
      expect(
        (await lead.post('/links', { anchor: evidence, anchorIsSource: 'yes', record })).statusCode,
      ).toBe(303);
    for (const path of [
      `/plan/actions/${actionIds[1]}`,
      `/objectives/${objectiveId}`,
      `/assessments/${assessmentId}/criteria/1.1.2`,
    ])
      expect(section(pageText((await lead.get(path)).body), 'What shows it worked'), path).toContain(
        'Tenant survey 2026',
      );
    const own = section(pageText((await lead.get(`/evidence/${evidenceId}`)).body), 'Why this exists');
    for (const text of ['Action 1.2: Redesign the form', 'Objective: Repairs work', 'Local Government 1.1.2'])
      expect(own).toContain(text);
    // The evidence now counts for the criterion in the assessment.
    expect(await app.services.evidence.linkCounts(org.organisation.id, 'eflg-2021', '2026-12-02')).toEqual([
      { criterionRef: '1.1.2', evidence: 1, current: 1 },
    ]);
  });

  it('lets a contributor link evidence but not plan; refuses viewers, other councils and pairs that never join', async () => {
    const contributor = await app.clientFor(org.users.contributor.id, org.organisation.id);
    const page = (await contributor.get(`/plan/actions/${actionIds[0]}`)).body;
    expect(page).not.toContain('An objective this action delivers');
    expect(page).toContain('Evidence from the library that shows progress on this');
    const planning = await contributor.post('/links', {
      anchor: `action:${actionIds[0]}`,
      anchorIsSource: 'yes',
      record: `objective:${objectiveId}`,
    });
    expect(planning.statusCode).toBe(403);
    const showing = await contributor.post('/links', {
      anchor: `action:${actionIds[0]}`,
      anchorIsSource: 'no',
      record: `evidence:${evidenceId}`,
    });
    expect(showing.statusCode).toBe(303);

    const viewer = await app.clientFor(org.users.viewer.id, org.organisation.id);
    expect(pageText((await viewer.get(`/objectives/${objectiveId}`)).body)).not.toContain(
      'Link another record',
    );
    const refused = await viewer.post('/links', {
      anchor: `action:${actionIds[0]}`,
      anchorIsSource: 'no',
      record: `evidence:${evidenceId}`,
    });
    expect(refused.statusCode).toBe(403);

    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const elsewhere = await lead.post('/links', {
      anchor: `action:${actionIds[0]}`,
      anchorIsSource: 'yes',
      record: `objective:${otherObjectiveId}`,
    });
    expect(elsewhere.statusCode).toBe(400);
    expect(pageText(elsewhere.body)).toContain('Choose a record from the list');
    const never = await lead.post('/links', {
      anchor: `objective:${objectiveId}`,
      anchorIsSource: 'yes',
      record: `objective:${objectiveId}`,
    });
    expect(never.statusCode).toBe(400);
    expect(pageText(never.body)).toContain('These two records cannot be linked');
    const nothing = await lead.post('/links', { anchor: 'nonsense', record: 'also nonsense' });
    expect(nothing.statusCode).toBe(400);
    // A crafted return address cannot send anyone off the site.
    const away = await lead.post('/links', {
      anchor: `action:${actionIds[1]}`,
      anchorIsSource: 'yes',
      record: `objective:${objectiveId}`,
      returnTo: 'https://evil.example/',
    });
    expect(away.headers.location).toBe('/#linked-records');
    const count = await sql<{
      n: number;
    }>`select count(*)::int as n from record_links where organisation_id = ${other.organisation.id}`.execute(
      app.db,
    );
    expect(count.rows[0]!.n).toBe(0);
  });
});
