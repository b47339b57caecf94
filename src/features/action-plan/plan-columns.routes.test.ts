import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganisation, type TestOrganisation } from '../../../test/helpers/fixtures.ts';
import { pageText } from '../../../test/helpers/http-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

let app: TestApp;
let org: TestOrganisation;

beforeAll(async () => {
  app = await startTestApp({ now: () => new Date('2026-08-15T10:00:00Z') });
  org = await createTestOrganisation(app.db, app.services, 'mapping');
});
afterAll(() => app.close());

/** A plan whose action column is headed in a way no rule knows ("Commitment"). */
const PLAN = [
  'Ref,Commitment,By when,Responsible officer,Notes',
  '1.1,Publish our equality information on the website every January,January 2027,Jane Harris,Was late last year',
  '1.2,Train every manager in the equality duty and impact assessment,March 2027,Tom Evans,',
  '1.3,Review how each service collects equality monitoring data,Q2 2026/27,Priya Shah,Start with Parks',
].join('\n');

describe('the column-mapping step', () => {
  it('shows how the columns were read, lets the person change them, reads again, and remembers', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    await lead.get('/plan/import');
    const uploaded = await lead.upload('/plan/import/upload', {
      name: 'plan.csv',
      content: Buffer.from(PLAN),
    });
    expect(uploaded.statusCode).toBe(303);
    const previewPath = uploaded.headers.location as string;

    let page = await lead.get(previewPath);
    let text = pageText(page.body);
    expect(text).toContain('We read your columns like this');
    // "Commitment" says nothing a rule knows, but its cells are the long text: read as the action.
    expect(text).toContain('Commitment Publish our equality information');
    expect(text).toContain('plan.csv (CSV, UTF-8, separated by commas)');
    expect(page.body).toMatch(/<option value="action" selected>Action \(what will be done\)<\/option>/);
    expect(page.body).toMatch(/<option value="progress" selected>Progress so far<\/option>/);
    expect(text).toContain('Found 3 actions in 1 area');

    // The person says Notes is not for importing, and Commitment is the action.
    const chosen = await lead.post(`${previewPath}/columns`, {
      heading: ['Ref', 'Commitment', 'By when', 'Responsible officer', 'Notes'],
      choice: ['reference', 'action', 'target', 'leads', 'ignore'],
    });
    expect(chosen.statusCode).toBe(303);
    page = await lead.get(chosen.headers.location as string);
    text = pageText(page.body);
    expect(text).toContain('read again with the columns you chose');
    expect(page.body).toMatch(
      /name="choice"[^]*?<option value="ignore" selected>Do not use this column<\/option>/,
    );

    // Two columns for one field is refused, with the choices kept.
    const twice = await lead.post(`${previewPath}/columns`, {
      heading: ['Ref', 'Commitment'],
      choice: ['action', 'action'],
    });
    expect(twice.statusCode).toBe(400);
    expect(pageText(twice.body)).toContain('Choose “Action (what will be done)” for one column only');

    // The next import remembers: Notes stays out without asking.
    await lead.get('/plan/import');
    const again = await lead.upload('/plan/import/upload', {
      name: 'plan-2.csv',
      content: Buffer.from(PLAN),
    });
    const next = await lead.get(again.headers.location as string);
    expect(next.body).toMatch(/<option value="ignore" selected>Do not use this column<\/option>/);
    const log = await app.services.auditLog.page(org.organisation.id, {}, 1);
    expect(log.events.map((event) => event.action)).toContain('plan.import_columns_chosen');

    // Confirming imports with the chosen columns.
    const confirmed = await lead.post(`${previewPath}/confirm`);
    expect(confirmed.statusCode).toBe(303);
    const planPage = pageText((await lead.get('/plan')).body);
    expect(planPage).toContain('Review how each service collects equality monitoring data');
  });

  it('a plan with no action column gets one summary problem naming the headings', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    await lead.get('/plan/import');
    const uploaded = await lead.upload('/plan/import/upload', {
      name: 'short.csv',
      content: Buffer.from('Ref,Item,Owner\n1.1,Web,Jane Harris\n1.2,Training,Tom Evans\n'),
    });
    const text = pageText((await lead.get(uploaded.headers.location as string)).body);
    expect(text).toContain('no column looks like the actions. Your headings were Ref | Item | Owner');
    expect(text.match(/no column looks like the actions/g)).toHaveLength(1);
  });
});

describe('status columns on import', () => {
  it('posts the plan’s own progress as each action’s first update, and the plan page shows it', async () => {
    const { readPlanBuffer } = await import('./plan-files.ts');
    const other = await createTestOrganisation(app.db, app.services, 'mapping-status');
    const { parsed } = await readPlanBuffer(
      Buffer.from(
        'Ref,Action,By when,Status\n7.1,Publish the pay gap report,March 2027,Completed\n7.2,Run the staff survey,June 2027,Amber\n',
      ),
      'plan.csv',
    );
    const result = await app.services.actionPlan.importDirect(
      { userId: null, label: 'Test' },
      other.organisation.id,
      'plan.csv',
      parsed,
    );
    expect(result.problems).toEqual([]);
    const states = await app.db
      .selectFrom('progress_updates')
      .select(['state', 'author_label'])
      .where('organisation_id', '=', other.organisation.id)
      .orderBy('state')
      .execute();
    expect(states).toEqual([
      { state: 'at_risk', author_label: 'Test (from plan.csv)' },
      { state: 'completed', author_label: 'Test (from plan.csv)' },
    ]);
    const lead = await app.clientFor(other.users.equality_lead.id, other.organisation.id);
    const text = pageText((await lead.get('/plan')).body);
    expect(text).toMatch(/Publish the pay gap report[^]*Completed/);
  });
});

describe('reading a text file another way', () => {
  it('reads an upload again with the encoding and separator the person chooses, and says how', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    await lead.get('/plan/import');
    // Semicolons inside the text, commas between the columns: the detection is right…
    const content = Buffer.from(
      'Ref,Action,By when\n8.1,Consult residents; publish what we heard,March 2027\n8.2,Review grants; report to cabinet,June 2027\n',
    );
    const uploaded = await lead.upload('/plan/import/upload', { name: 'other.csv', content });
    const previewPath = uploaded.headers.location as string;
    const preview = await lead.get(previewPath);
    expect(pageText(preview.body)).toContain('other.csv (CSV, UTF-8, separated by commas)');
    expect(preview.body).toContain('Read the file another way');
    // …and the person can still insist, which shows what that does.
    const reread = await lead.post(`${previewPath}/reading`, {
      encoding: 'Windows-1252',
      separator: 'semicolon',
    });
    expect(reread.statusCode).toBe(303);
    const after = pageText((await lead.get(reread.headers.location as string)).body);
    expect(after).toContain('Your file was read again as CSV, Windows-1252, separated by semicolons');
    expect(after).toContain('other.csv (CSV, Windows-1252, separated by semicolons)');
    const back = await lead.post(`${previewPath}/reading`, { encoding: '', separator: '' });
    expect(back.statusCode).toBe(303);
    expect(pageText((await lead.get(previewPath)).body)).toContain('Found 2 actions in 1 area');
    const log = await app.services.auditLog.page(org.organisation.id, { action: 'plan.import_reread' }, 1);
    expect(log.events).toHaveLength(2);
  });
});

describe('targets written TBC', () => {
  it('are a problem until the person chooses to import them with no target', async () => {
    const other = await createTestOrganisation(app.db, app.services, 'mapping-tbc');
    const lead = await app.clientFor(other.users.equality_lead.id, other.organisation.id);
    await lead.get('/plan/import');
    const uploaded = await lead.upload('/plan/import/upload', {
      name: 'tbc.csv',
      content: Buffer.from(
        'Ref,Action,By when\n6.1,Agree a carers strategy with the NHS,TBC\n6.2,Publish the carers survey,May 2027\n',
      ),
    });
    const previewPath = uploaded.headers.location as string;
    let text = pageText((await lead.get(previewPath)).body);
    expect(text).toContain('the target is "TBC"');
    expect(text).toContain('Import actions with a target of TBC with no target');
    const chosen = await lead.post(`${previewPath}/targets`, { tbc: 'none' });
    expect(chosen.statusCode).toBe(303);
    text = pageText((await lead.get(previewPath)).body);
    expect(text).toContain('Problems None');
    expect(text).toContain('1 action has a target of "TBC"; as you chose, it is imported with no target');
    expect((await lead.post(`${previewPath}/confirm`, { mode: 'add' })).statusCode).toBe(303);
    const actions = await app.services.actionPlan.list(other.organisation.id);
    expect(actions.find((action) => action.reference === '6.1')?.targetKind).toBe('none');
  });
});
