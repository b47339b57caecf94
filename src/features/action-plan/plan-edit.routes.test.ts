import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganisation, type TestOrganisation } from '../../../test/helpers/fixtures.ts';
import { pageText } from '../../../test/helpers/http-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { readPlanBuffer } from './plan-files.ts';

let app: TestApp;
let org: TestOrganisation;

beforeAll(async () => {
  app = await startTestApp({ now: () => new Date('2026-08-15T10:00:00Z') });
  org = await createTestOrganisation(app.db, app.services, 'editing');
  const { parsed } = await readPlanBuffer(
    Buffer.from(
      [
        'Area,Ref,Action,By when,Lead officer,EFLG,Strand',
        'Knowing our communities,1.1,Publish ward equality profiles,March 2027,Jane Harris,1.2,All',
        'Knowing our communities,1.2,Map service users against the population,June 2027,Tom Evans,1.3,R D',
        'Workforce,2.1,Publish the ethnicity pay gap,September 2027,Priya Shah,4.1,R',
      ].join('\n'),
    ),
    'plan.csv',
  );
  const result = await app.services.actionPlan.importDirect(
    { userId: null, label: 'Test' },
    org.organisation.id,
    'plan.csv',
    parsed,
  );
  expect(result.problems).toEqual([]);
});
afterAll(() => app.close());

async function actionId(reference: string) {
  const row = await app.db
    .selectFrom('actions')
    .select(['id', 'version'])
    .where('organisation_id', '=', org.organisation.id)
    .where('reference', '=', reference)
    .executeTakeFirstOrThrow();
  return row;
}

describe('editing the plan in place', () => {
  it('changes an action’s words, target, leads, strands, area and parent; audited; shown in the comparison', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    expect((await lead.post('/plan/versions', { label: 'Summer 2026' })).statusCode).toBe(303);
    const { id, version } = await actionId('1.2');
    const page = await lead.get(`/plan/actions/${id}`);
    expect(pageText(page.body)).toContain('Change this action');
    const form = await lead.get(`/plan/actions/${id}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="June 2027"');

    const areas = await app.services.actionPlan.areas(org.organisation.id);
    const workforce = areas.find((area) => area.title === 'Workforce')!;
    const parent = await actionId('2.1');
    const saved = await lead.post(`/plan/actions/${id}/edit`, {
      version: String(version),
      text: 'Map the users of every front-line service against the population they serve',
      target: 'Q3 2027/28',
      leads: 'Tom Evans, Amira Khan',
      partners: 'NHS Somerset',
      criteria: '1.3 4.2',
      strands: ['race', 'disability', 'age'],
      areaId: workforce.id,
      parentId: parent.id,
    });
    expect(saved.statusCode).toBe(303);
    const shown = pageText((await lead.get(saved.headers.location as string)).body);
    expect(shown).toContain('The action was changed');
    expect(shown).toContain('Map the users of every front-line service');
    expect(shown).toContain('Q3 2027/28');
    expect(shown).toContain('Tom Evans; Amira Khan');
    expect(shown).toContain('Part of Action 2.1');

    const log = await app.services.auditLog.page(org.organisation.id, { action: 'action.edited' }, 1);
    expect(log.events[0]?.summary).toBe(
      'Changed action 1.2 (text, target, leads, partners, criteria, strands, areaId, parentId)',
    );

    const versions = await app.services.actionPlan.versions(org.organisation.id);
    const compare = pageText(
      (await lead.get(`/plan/versions/compare?from=${versions[0]!.id}&to=current`)).body,
    );
    expect(compare).toContain('1 edited');
    expect(compare).toContain('wording, target, lead officers, strands, framework references, area, parent');
    expect(compare).toContain('Map service users against the population (June 2027)');
  });

  it('keeps what was typed and says why when a field cannot be read', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const { id, version } = await actionId('1.1');
    const refused = await lead.post(`/plan/actions/${id}/edit`, {
      version: String(version),
      text: 'Publish ward profiles, with the census 2021 data',
      target: 'Soonish',
      criteria: '1.2',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#target"');
    expect(pageText(refused.body)).toContain('The target: cannot read the completion date "Soonish"');
    expect(refused.body).toContain('Publish ward profiles, with the census 2021 data');
    const bad = await lead.post(`/plan/actions/${id}/edit`, { version: String(version), text: '' });
    expect(pageText(bad.body)).toContain('Enter what the action will do');
  });

  it('never overwrites someone else’s change: the stale form gets the conflict page', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const { id, version } = await actionId('2.1');
    const first = await lead.post(`/plan/actions/${id}/edit`, {
      version: String(version),
      text: 'First wording',
    });
    expect(first.statusCode).toBe(303);
    const stale = await lead.post(`/plan/actions/${id}/edit`, {
      version: String(version),
      text: 'Second wording',
    });
    expect(stale.statusCode).toBe(409);
    const text = pageText(stale.body);
    expect(text).toContain('Second wording');
    expect(text).toContain('First wording');
  });

  it('is for the equality lead and admin: contributors see no link and are refused', async () => {
    const contributor = await app.clientFor(org.users.contributor.id, org.organisation.id);
    const { id, version } = await actionId('1.1');
    expect(pageText((await contributor.get(`/plan/actions/${id}`)).body)).not.toContain('Change this action');
    expect(
      (await contributor.post(`/plan/actions/${id}/edit`, { version: String(version), text: 'Mine' }))
        .statusCode,
    ).toBe(403);
  });
});

describe('names become people', () => {
  it('connects an imported lead name to an account, so My actions finds it; audited; strangers refused', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const page = await lead.get('/plan/people');
    expect(page.statusCode).toBe(200);
    expect(pageText(page.body)).toMatch(/Jane Harris\s+1/);
    const contributor = org.users.contributor;
    const connected = await lead.post('/plan/people', {
      name: ['Jane Harris', 'Tom Evans'],
      userId: [contributor.id, ''],
    });
    expect(connected.statusCode).toBe(303);
    expect(pageText((await lead.get(connected.headers.location as string)).body)).toContain(
      'Connected 1 lead officer place',
    );
    const mine = await app.clientFor(contributor.id, org.organisation.id);
    const myActions = pageText((await mine.get(`/plan?lead=${contributor.id}`)).body);
    expect(myActions).toContain('Publish ward equality profiles');
    const log = await app.services.auditLog.page(org.organisation.id, { action: 'plan.leads_connected' }, 1);
    expect(log.events[0]?.summary).toContain(`Jane Harris → ${contributor.displayName}`);
    const stranger = await createTestOrganisation(app.db, app.services, 'editing-stranger');
    const refused = await lead.post('/plan/people', { name: 'Tom Evans', userId: stranger.users.admin.id });
    expect(refused.statusCode).toBe(400);
    expect(pageText(refused.body)).toContain('Choose a person from the list for Tom Evans');
  });
});

describe('exports carry the work', () => {
  it('status, latest progress and completion date go out in CSV, Excel and Word, and come back as progress', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const { id } = await actionId('1.1');
    await lead.post(`/plan/actions/${id}/progress`, {
      note: 'Profiles published for all 28 wards.',
      state: 'completed',
    });
    const csv = (await lead.get('/plan/export?format=csv')).body;
    expect(csv).toContain('Status,Latest progress,Completed on');
    expect(csv).toMatch(/1\.1,.*,Completed,Profiles published for all 28 wards\.,2026-08-15/);
    for (const [format, name] of [
      ['csv', 'plan.csv'],
      ['xlsx', 'plan.xlsx'],
      ['docx', 'plan.docx'],
    ] as const) {
      const file = await lead.get(`/plan/export?format=${format}`);
      const { parsed } = await readPlanBuffer(file.rawPayload, name);
      expect(parsed.problems, format).toEqual([]);
      const action = parsed.areas
        .flatMap((area) => area.actions)
        .find((candidate) => candidate.reference === '1.1');
      expect(action?.progress, format).toEqual({
        state: 'completed',
        note: 'Profiles published for all 28 wards.',
      });
    }
  });
});

describe('withdrawing an action', () => {
  it('takes it out of the plan and new versions, keeps it, needs a reason, and is audited', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const { id, version } = await actionId('1.1');
    const noReason = await lead.post(`/plan/actions/${id}/withdraw`, {
      version: String(version),
      reason: '',
    });
    expect(noReason.statusCode).toBe(400);
    expect(pageText(noReason.body)).toContain('Say why the action is being withdrawn');
    const stale = await lead.post(`/plan/actions/${id}/withdraw`, {
      version: String(version - 1),
      reason: 'Old page',
    });
    expect(stale.statusCode).toBe(409);
    const withdrawn = await lead.post(`/plan/actions/${id}/withdraw`, {
      version: String(version),
      reason: 'Merged into the census profile work',
    });
    expect(withdrawn.statusCode).toBe(303);
    const plan = pageText((await lead.get(withdrawn.headers.location as string)).body);
    expect(plan).toContain('Action 1.1 was withdrawn from the plan');
    expect(plan).not.toContain('Publish ward equality profiles');
    expect((await lead.get(`/plan/actions/${id}`)).statusCode).toBe(404);
    const kept = await app.db
      .selectFrom('actions')
      .select(['withdrawn_reason'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(kept.withdrawn_reason).toBe('Merged into the census profile work');
    const log = await app.services.auditLog.page(org.organisation.id, { action: 'action.withdrawn' }, 1);
    expect(log.events[0]?.summary).toBe('Withdrew action 1.1: Merged into the census profile work');
    // Its reference is free again for the plan.
    expect((await app.services.actionPlan.list(org.organisation.id)).map((a) => a.reference)).not.toContain(
      '1.1',
    );
  });
});

describe('adding actions on the page', () => {
  it('adds an action to an area with the next reference, and splits one into sub-actions', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const areas = await app.services.actionPlan.areas(org.organisation.id);
    const communities = areas.find((area) => area.title === 'Knowing our communities')!;
    expect((await lead.get('/plan/actions/new')).statusCode).toBe(200);
    const added = await lead.post('/plan/actions/new', {
      text: 'Publish a profile of each neighbourhood partnership area',
      target: 'Q1 2027/28',
      leads: 'Jane Harris',
      criteria: '1.2',
      strands: ['all'],
      areaId: communities.id,
    });
    expect(added.statusCode, pageText(added.body).slice(0, 600)).toBe(303);
    const page = pageText((await lead.get(added.headers.location as string)).body);
    expect(page).toContain('The action was added to the plan');
    expect(page).toMatch(/Action 1\.\d/);
    const parent = await actionId('2.1');
    const split = await lead.post('/plan/actions/new', {
      text: 'Start with the Housing and Parks services',
      target: 'March 2027',
      parentId: parent.id,
    });
    expect(split.statusCode).toBe(303);
    expect(pageText((await lead.get(split.headers.location as string)).body)).toContain('Action 2.1a');
    const log = await app.services.auditLog.page(org.organisation.id, { action: 'action.added' }, 1);
    expect(log.events.map((event) => event.summary)).toContainEqual(
      expect.stringMatching(/^Added action 2\.1a to “.+”: Start with the Housing and Parks services$/),
    );
    const refused = await lead.post('/plan/actions/new', {
      text: 'No area',
      target: 'Whenever',
      areaId: communities.id,
    });
    expect(refused.statusCode).toBe(400);
    expect(pageText(refused.body)).toContain('The target: cannot read the completion date "Whenever"');
  });
});

describe('linking objectives from the action', () => {
  it('ticks and unticks the objectives an action delivers, each change audited by the objectives feature', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const created = await lead.post('/objectives/new', {
      title: 'Every resident can find equality information about their ward',
      kind: 'organisational',
      ways: 'Publish ward profiles',
      periodStart: '2026-04-01',
      reviewDue: '2028-03-31',
      status: 'active',
    });
    expect(created.statusCode).toBe(303);
    const objectiveId = (created.headers.location as string).split('/').pop()!;
    const { id, version } = await actionId('1.2');
    const form = await lead.get(`/plan/actions/${id}/edit`);
    expect(pageText(form.body)).toContain('Equality objectives it delivers');
    const saved = await lead.post(`/plan/actions/${id}/edit`, {
      version: String(version),
      text: 'Map the users of every front-line service against the population they serve',
      objectiveIds: objectiveId,
    });
    expect(saved.statusCode).toBe(303);
    const linked = async () =>
      (await app.services.objectives.withActions(org.organisation.id, objectiveId)).actions.map(
        (a) => a.reference,
      );
    expect(await linked()).toEqual(['1.2']);
    const again = await actionId('1.2');
    const cleared = await lead.post(`/plan/actions/${id}/edit`, {
      version: String(again.version),
      text: 'Map the users of every front-line service against the population they serve',
    });
    expect(cleared.statusCode).toBe(303);
    expect(await linked()).toEqual([]);
    const log = await app.services.auditLog.page(org.organisation.id, { entityType: 'objective' }, 1);
    const actions = log.events.map((event) => event.action);
    expect(actions).toContain('objective.action_linked');
    expect(actions).toContain('objective.action_unlinked');
  });
});
