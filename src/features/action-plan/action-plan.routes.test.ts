import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addTestUser,
  createTestOrganisation,
  type TestOrganisation,
} from '../../../test/helpers/fixtures.ts';
import { pageText, type TestClient } from '../../../test/helpers/http-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { sharedFile, SEED_PLAN } from '../../../test/helpers/shared-data.ts';
import { countableActions } from './plan-counts.ts';

const SEED = fs.readFileSync(sharedFile(SEED_PLAN), 'utf8');

let app: TestApp;
let org: TestOrganisation;

beforeAll(async () => {
  app = await startTestApp({ now: () => new Date('2010-08-15T10:00:00Z') });
  org = await createTestOrganisation(app.db, app.services, 'somerset');
});
afterAll(() => app.close());

async function importSeed() {
  const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
  const posted = await lead.post('/plan/import', {
    text: SEED,
    fileName: 'Corporate equalities action plan.docx',
  });
  expect(posted.statusCode).toBe(303);
  return { lead, previewPath: posted.headers.location as string };
}

describe('importing an action plan by pasting it', () => {
  it('shows a preview of everything it read, and imports nothing until confirmed', async () => {
    const { lead, previewPath } = await importSeed();
    const preview = await lead.get(previewPath);
    const text = pageText(preview.body);
    expect(text).toContain('43 actions in 5 areas');
    expect(text).toContain('Knowing your community and equality mapping');
    expect(text).toContain('Import 43 actions');
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from actions where organisation_id = ${org.organisation.id}`.execute(app.db);
    expect(rows[0]!.n).toBe(0);

    const confirmed = await lead.post(`${previewPath}/confirm`);
    expect(confirmed.headers.location).toBe('/plan?imported=43');
    const counted = await sql<{ actions: number; subs: number; areas: number; leads: number }>`
      select (select count(*)::int from actions where organisation_id = ${org.organisation.id}) as actions,
             (select count(*)::int from actions where organisation_id = ${org.organisation.id} and parent_id is not null) as subs,
             (select count(*)::int from plan_areas where organisation_id = ${org.organisation.id}) as areas,
             (select coalesce(sum(jsonb_array_length(leads)), 0)::int from actions where organisation_id = ${org.organisation.id}) as leads`.execute(
      app.db,
    );
    expect(counted.rows[0]).toMatchObject({ actions: 48, subs: 14, areas: 5 });
    expect(counted.rows[0]!.leads).toBeGreaterThan(48);

    // Confirming twice adds nothing.
    const again = await lead.post(`${previewPath}/confirm`);
    expect(again.statusCode).toBe(400);
    expect(pageText(again.body)).toContain('already been added');
    const { rows: after } = await sql<{
      n: number;
    }>`select count(*)::int as n from actions where organisation_id = ${org.organisation.id}`.execute(app.db);
    expect(after[0]!.n).toBe(48);

    const log = await app.services.auditLog.page(org.organisation.id, { action: 'plan.imported' }, 1);
    expect(log.events[0]?.summary).toBe(
      'Imported 43 actions in 5 areas from Corporate equalities action plan.docx',
    );
  });

  it('shows the plan grouped by area, with sub-actions, targets as written, and derived status', async () => {
    const viewer = await app.clientFor(org.users.viewer.id, org.organisation.id);
    const page = await viewer.get('/plan');
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    for (const area of [
      'Place shaping, leadership, partnership and organisational commitment',
      'A Modern, diverse workforce',
    ]) {
      expect(text).toContain(area);
    }
    expect(text).toContain('1.1a');
    expect(text).toContain('April 2010 – April 2011');
    expect(text).toContain('1.10 2.10 3.10');
    // On 15 August 2010, 1.2 ("August 2010", nothing posted) is due within 30 days: at risk.
    const row12 =
      /1\.2 Work with new research unit[\s\S]*?(Not started|On track|At risk|Overdue|Completed)/.exec(text);
    expect(row12?.[1]).toBe('At risk');
  });

  it('offers to update a plan that already has the actions; adding them again lists each clash', async () => {
    const { lead, previewPath } = await importSeed();
    const preview = pageText((await lead.get(previewPath)).body);
    expect(preview).toContain('Your plan already has 43 actions');
    expect(preview).toContain('0 actions added, 0 changed, 0 withdrawn and 43 unchanged');
    const adding = await lead.get(`${previewPath}?mode=add`);
    expect(pageText(adding.body)).toContain('the plan already has an action 1.1');
    expect(adding.body).not.toContain('/confirm"');
    const forced = await lead.post(`${previewPath}/confirm`, { mode: 'add' });
    expect(forced.statusCode).toBe(400);
  });

  it('reports problems with line numbers and blocks the import', async () => {
    const other = await createTestOrganisation(app.db, app.services, 'mendip');
    const lead = await app.clientFor(other.users.equality_lead.id, other.organisation.id);
    const text = [
      'Workforce',
      '\tAction\tCompletion Date\tLead Officer/s\tEFLG\tStrand',
      '1.1\tTrain managers\tWhenever\tJo Bloggs\t1.1\tR Q',
    ].join('\n');
    const posted = await lead.post('/plan/import', { text });
    const preview = await lead.get(posted.headers.location as string);
    const problems = pageText(preview.body);
    expect(problems).toContain('cannot read the completion date "Whenever"');
    expect(problems).toContain('unknown equality strand "Q"');
    expect(problems).toContain('Nothing has been imported');
  });

  it('asks for something to import when the box is empty', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const response = await lead.post('/plan/import', { text: '' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('href="#text"');
  });
});

describe('posting progress', () => {
  async function actionId(reference: string) {
    const row = await app.db
      .selectFrom('actions')
      .select('id')
      .where('organisation_id', '=', org.organisation.id)
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  it('lets a lead officer post progress on their own action, keeps the history, and updates the status', async () => {
    // Make Tom Rutland a member: the import linked his name to nothing, so link his lead rows now.
    const tom = await addTestUser(app.db, org.organisation.id, 'contributor', 'tom.rutland@somerset.test');
    const id = await actionId('1.2');
    await sql`
      update actions set leads = (
        select jsonb_agg(case when e->>'name' = 'Tom Rutland' then jsonb_set(e, '{userId}', to_jsonb(${tom.id}::text)) else e end)
          from jsonb_array_elements(leads) as e)
       where id = ${id}`.execute(app.db);
    const client = await app.clientFor(tom.id, org.organisation.id);

    const first = await client.post(`/plan/actions/${id}/progress`, {
      note: 'Met the research unit; requirements drafted.',
      state: 'on_track',
      percentComplete: '70',
    });
    expect(first.headers.location).toBe(`/plan/actions/${id}?posted=1`);
    const second = await client.post(`/plan/actions/${id}/progress`, {
      note: 'Intelligence needs agreed by the board.',
      state: 'completed',
      percentComplete: '100',
    });
    expect(second.statusCode).toBe(303);
    const page = pageText((await client.get(`/plan/actions/${id}`)).body);
    expect(page).toContain('Intelligence needs agreed by the board.');
    expect(page).toContain('Met the research unit; requirements drafted.');
    expect(page).toMatch(/Status Completed/);
  });

  it('stops a contributor posting on an action they do not lead', async () => {
    const id = await actionId('2.1');
    const client = await app.clientFor(org.users.contributor.id, org.organisation.id);
    const response = await client.post(`/plan/actions/${id}/progress`, {
      note: 'Not mine',
      state: 'on_track',
    });
    expect(response.statusCode).toBe(403);
  });

  it('validates the progress form', async () => {
    const id = await actionId('2.1');
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const response = await lead.post(`/plan/actions/${id}/progress`, {
      note: '',
      state: 'sideways',
      percentComplete: '140',
    });
    expect(response.statusCode).toBe(400);
    for (const field of ['note', 'state', 'percentComplete'])
      expect(response.body).toContain(`href="#${field}"`);
  });
});

describe('finding actions', () => {
  it('filters the plan: my actions, overdue, due soon, strand and area, keeping groups intact', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const all = pageText((await lead.get('/plan')).body);
    expect(all).toMatch(/Of 48 actions|Of \d+ actions/);

    // The clock says 15 August 2010. "July 2010" targets are overdue; the only "August 2010"
    // action (1.2) was completed by the progress tests above, so nothing else is due soon.
    const overdue = pageText((await lead.get('/plan?due=overdue')).body);
    expect(overdue).toContain('Further promotion of what constitutes hate crime'); // 5.8, July 2010
    expect(overdue).toContain('5.6a');
    expect(overdue).not.toContain('Work with new research unit');
    expect(pageText((await lead.get('/plan?due=soon')).body)).toContain('0 actions match these filters');

    const faith = pageText((await lead.get('/plan?strand=religion_belief')).body);
    expect(faith).toContain('Somerset Faith and Belief Forum'); // 3.6: F&B
    expect(faith).toContain('Maximise opportunities'); // 3.1: All concerns every strand
    expect(faith).not.toContain('translation and interpreting'); // 4.2: R D only

    const byName = pageText((await lead.get(`/plan?lead=${encodeURIComponent('Richard Crouch')}`)).body);
    expect(byName).toMatch(/(\d+) actions match these filters/);
    expect(byName).toContain('5.4a');
    expect(byName).not.toContain('1.1a');
  });

  it('shows a lead officer their own actions under "My actions"', async () => {
    const tom = await app.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'tom.rutland@somerset.test')
      .executeTakeFirstOrThrow();
    const client = await app.clientFor(tom.id, org.organisation.id);
    const mine = pageText((await client.get('/plan?lead=me')).body);
    expect(mine).toContain('1 action matches these filters');
    expect(mine).toContain('Work with new research unit');
  });
});

describe('files', () => {
  async function upload(client: TestClient, file: { name: string; content: Buffer }, csrf = true) {
    return client.upload('/plan/import/upload', file, { csrf });
  }

  it('exports the plan as Word, Excel and CSV, and an uploaded export previews without problems', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const docx = await lead.get('/plan/export?format=docx');
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-disposition']).toBe('attachment; filename="somerset-action-plan.docx"');
    const other = await createTestOrganisation(app.db, app.services, 'taunton');
    const otherLead = await app.clientFor(other.users.equality_lead.id, other.organisation.id);
    const uploaded = await upload(otherLead, { name: 'somerset-action-plan.docx', content: docx.rawPayload });
    expect(uploaded.statusCode).toBe(303);
    const preview = pageText((await otherLead.get(uploaded.headers.location as string)).body);
    expect(preview).toContain('43 actions in 5 areas');
    expect(preview).toContain('Problems None');

    const csv = await lead.get('/plan/export?format=csv&strand=religion_belief');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body).toContain('Somerset Faith and Belief Forum');
    expect(csv.body).not.toContain('translation and interpreting');
  });

  it('refuses an upload without the CSRF token, and explains a file it cannot read', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    expect((await upload(lead, { name: 'plan.txt', content: Buffer.from('x') }, false)).statusCode).toBe(403);
    const fake = await upload(lead, { name: 'plan.docx', content: Buffer.from('not really word') });
    expect(fake.statusCode).toBe(400);
    expect(pageText(fake.body)).toContain('is not a real Word file');
    const tooBig = await upload(lead, { name: 'plan.txt', content: Buffer.alloc(11 * 1024 * 1024, 0x41) });
    expect(tooBig.statusCode).toBe(413);
  });
});

describe('published versions', () => {
  it('publishes a frozen, dated copy and compares it with the plan as it stands', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const published = await lead.post('/plan/versions', { label: '2010 update' });
    expect(published.statusCode).toBe(303);
    const versionPath = published.headers.location as string;
    expect(pageText((await lead.get(versionPath)).body)).toContain('Action plan: 2010 update');

    const duplicate = await lead.post('/plan/versions', { label: '2010 update' });
    expect(duplicate.statusCode).toBe(400);
    expect(pageText(duplicate.body)).toContain('already exists');

    // Complete an action after publishing: the version stays as it was; the comparison shows it.
    const action = await app.db
      .selectFrom('actions')
      .select('id')
      .where('organisation_id', '=', org.organisation.id)
      .where('reference', '=', '2.1')
      .executeTakeFirstOrThrow();
    await lead.post(`/plan/actions/${action.id}/progress`, {
      note: 'Guidance published.',
      state: 'completed',
    });
    const versionId = versionPath.split('/').pop()!;
    const compare = pageText((await lead.get(`/plan/versions/compare?from=${versionId}&to=current`)).body);
    expect(compare).toContain('Changes from “2010 update” to the current plan');
    expect(compare).toMatch(/0 added, 1 completed/);
    expect(compare).toContain('Continue to develop guidance and required training');
    const frozen = await app.services.actionPlan.version(org.organisation.id, versionId);
    expect(frozen.snapshot.find((a) => a.reference === '2.1')?.status).not.toBe('completed');

    const log = await app.services.auditLog.page(
      org.organisation.id,
      { action: 'plan.version_published' },
      1,
    );
    expect(log.events[0]?.summary).toBe('Published the action plan version “2010 update” (43 actions)');
    // The versions list counts in SQL, the published summary in TypeScript: both by one rule.
    const listed = (await app.services.actionPlan.versions(org.organisation.id)).find(
      (v) => v.id === versionId,
    )!;
    expect(listed.actionCount).toBe(countableActions(frozen.snapshot).length);
    expect(listed.actionCount).toBe(43);
  });

  it('asks for two versions to compare', async () => {
    const viewer = await app.clientFor(org.users.viewer.id, org.organisation.id);
    expect((await viewer.get('/plan/versions/compare?from=nonsense')).statusCode).toBe(400);
    expect((await viewer.post('/plan/versions', { label: 'Viewer tries' })).statusCode).toBe(403);
  });
});

describe('committee progress report', () => {
  it('reports on a published version; its counts agree with plain SQL; it downloads as Word', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const published = await lead.post('/plan/versions', { label: 'August 2010 report' });
    const versionId = (published.headers.location as string).split('/').pop()!;
    const page = await lead.get(`/plan/report?version=${versionId}`);
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toContain('compared with “2010 update”');

    // Independently: work items are actions with no sub-actions; completed ones are completed in
    // the plan or by their latest progress update.
    const { rows } = await sql<{ items: number; completed: number }>`
      with latest as (
        select distinct on (action_id) action_id, state from progress_updates
         where organisation_id = ${org.organisation.id}
         order by action_id, created_at desc, sequence desc)
      select count(*)::int as items,
             count(*) filter (where a.target_kind = 'completed' or l.state = 'completed')::int as completed
        from actions a left join latest l on l.action_id = a.id
       where a.organisation_id = ${org.organisation.id}
         and not exists (select 1 from actions c where c.parent_id = a.id)`.execute(app.db);
    expect(text).toContain(`Of ${rows[0]!.items} actions: ${rows[0]!.completed} completed`);
    // 2.1 was completed after "2010 update" was published (see the versions test above).
    expect(text).toMatch(
      /Completed since “2010 update” \(1\) .*Continue to develop guidance and required training/,
    );

    const docx = await lead.get(`/plan/report/docx?version=${versionId}`);
    expect(docx.statusCode).toBe(200);
    const mammoth = (await import('mammoth')).default;
    const { value } = await mammoth.extractRawText({ buffer: docx.rawPayload });
    expect(value).toContain(`Of ${rows[0]!.items} actions: ${rows[0]!.completed} completed`);
    expect(value).toContain('Overdue (');
  });

  it('asks which version to report on', async () => {
    const viewer = await app.clientFor(org.users.viewer.id, org.organisation.id);
    const choose = pageText((await viewer.get('/plan/report')).body);
    expect(choose).toContain('Choose the version to report on');
    expect(choose).toContain('2010 update');
  });
});

describe('objective filter and pasted HTML', () => {
  it('narrows the plan to the actions delivering an objective', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const created = await lead.post('/objectives/new', {
      title: 'Tackle hate crime',
      kind: 'service',
      status: 'active',
    });
    const objectiveId = (created.headers.location as string).split('/').pop()!;
    const hate = await app.db
      .selectFrom('actions')
      .select('id')
      .where('organisation_id', '=', org.organisation.id)
      .where('reference', '=', '5.8')
      .executeTakeFirstOrThrow();
    await lead.post('/links', {
      anchor: `objective:${objectiveId}`,
      anchorIsSource: 'no',
      record: `action:${hate.id}`,
    });
    const text = pageText((await lead.get(`/plan?objective=${objectiveId}`)).body);
    expect(text).toContain('1 action matches these filters');
    expect(text).toContain('Further promotion of what constitutes hate crime');
  });

  it('reads a plan pasted as HTML (Word tables on the clipboard)', async () => {
    const other = await createTestOrganisation(app.db, app.services, 'pasted');
    const lead = await app.clientFor(other.users.equality_lead.id, other.organisation.id);
    const html =
      '<p>Workforce</p><p>Measure diversity of the workforce.</p><table><tr><td></td><td>Action</td><td>Completion Date</td><td>Lead Officer/s</td><td>EFLG</td><td>Strand</td></tr>' +
      '<tr><td>5.1</td><td><ul><li>Review staff learning</li></ul></td><td>On-going</td><td>Martin Walsh</td><td>1.28</td><td>All</td></tr>' +
      '<tr><td></td><td><ul><li>Refresh the e-learning</li></ul></td><td>June 2027</td><td>Martin Walsh</td><td>1.28</td><td>D</td></tr></table>';
    const posted = await lead.post('/plan/import', { text: html, fileName: 'pasted from Word' });
    const preview = pageText((await lead.get(posted.headers.location as string)).body);
    expect(preview).toContain('2 actions in 1 area');
    expect(preview).toContain('Problems None');
    expect(preview).toContain('Refresh the e-learning');
  });
});
