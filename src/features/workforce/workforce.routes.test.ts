import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestOrganisation,
  TEST_PASSWORD,
  type TestOrganisation,
} from '../../../test/helpers/fixtures.ts';
import { pageText } from '../../../test/helpers/http-client.ts';
import { sharedFile } from '../../../test/helpers/shared-data.ts';
import { resourceFactories } from '../../../test/helpers/route-resources.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { demoBoundaryFile, demoEthnicGroupFile } from '../../demo/demo-communities.ts';
import { demoPayrollFile } from '../../demo/demo-payroll.ts';

let app: TestApp;
let org: TestOrganisation;

beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'workforce');
});
afterAll(() => app.close());

const upload = (content: string, day = '31', month = '3', year = '2026') => ({
  file: { name: 'payroll.csv', content: Buffer.from(content) },
  fields: { 'snapshotDate-day': day, 'snapshotDate-month': month, 'snapshotDate-year': year },
});

describe('pay gaps from a payroll', () => {
  it('imports a payroll through preview and confirm, without keeping a single employee reference', async () => {
    const lead = app.client();
    await lead.signIn(org.users.equality_lead.email, TEST_PASSWORD);
    await lead.get('/workforce/import');
    const badDate = upload(
      'Employee number,Sex,Ordinary pay,Days in pay period,Weekly hours\nA,F,1,7,1\n',
      '31',
      '2',
    );
    const refused = await lead.upload('/workforce/import', badDate.file, { fields: badDate.fields });
    expect(refused.statusCode).toBe(400);
    expect(pageText(refused.body)).toContain('Enter the snapshot date as a real date');
    const good = upload(demoPayrollFile());
    const staged = await lead.upload('/workforce/import', good.file, { fields: good.fields });
    expect(staged.statusCode).toBe(303);
    const preview = pageText((await lead.get(staged.headers.location as string)).body);
    expect(preview).toContain('Employees 640');
    expect(preview).toContain('Employee reference Employee number');
    const confirmed = await lead.post(staged.headers.location as string, {});
    expect(confirmed.statusCode).toBe(303);
    const report = pageText((await lead.get(confirmed.headers.location as string)).body);
    expect(report).toContain('The payroll was imported');
    expect(report).toMatch(/Women’s mean hourly pay is [\d.]+% (lower|higher) than men’s/);
    expect(report).toContain('Upper quartile');
    const stored = await sql<{ n: number }>`
      select count(*)::int as n from payroll_rows where organisation_id = ${org.organisation.id} and employee_key like 'DD%'`.execute(
      app.db,
    );
    expect(stored.rows[0]!.n).toBe(0);
    const again = await lead.post(staged.headers.location as string, {});
    expect(again.statusCode).toBe(400);
  });

  it('exports the statutory figures in the GOV.UK columns, agreeing with a calculation in SQL', async () => {
    const lead = app.client();
    await lead.signIn(org.users.equality_lead.email, TEST_PASSWORD);
    const [snapshot] = await app.services.payroll.snapshots(org.organisation.id);
    const csv = await lead.get(`/workforce/pay-gaps/${snapshot!.id}/gender-pay-gap.csv`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const [header, values] = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
      .map((line) => line.split(','));
    expect(header!.slice(0, 3)).toEqual(['EmployerName', 'DiffMeanHourlyPercent', 'DiffMedianHourlyPercent']);
    const figure = (name: string) => Number(values![header!.indexOf(name)]);
    const independent = await sql<{ mean_gap: number; median_gap: number; women_bonus: number }>`
      with hourly as (
        select sex, ordinary_pay * 7 / period_days / weekly_hours + period_bonus * 7 / period_days / weekly_hours as rate
          from payroll_rows where snapshot_id = ${snapshot!.id} and full_pay and sex is not null),
      stats as (select sex, avg(rate) as mean, percentile_cont(0.5) within group (order by rate) as median from hourly group by sex)
      select (m.mean - f.mean) / m.mean * 100 as mean_gap, (m.median - f.median) / m.median * 100 as median_gap,
             (select count(*) filter (where year_bonus > 0)::float8 / count(*) * 100 from payroll_rows
               where snapshot_id = ${snapshot!.id} and sex = 'female') as women_bonus
        from stats m, stats f where m.sex = 'male' and f.sex = 'female'`.execute(app.db);
    const theirs = independent.rows[0]!;
    expect(figure('DiffMeanHourlyPercent')).toBeCloseTo(Math.round(theirs.mean_gap * 10) / 10, 6);
    expect(figure('DiffMedianHourlyPercent')).toBeCloseTo(Math.round(theirs.median_gap * 10) / 10, 6);
    expect(figure('FemaleBonusPercent')).toBeCloseTo(Math.round(theirs.women_bonus * 10) / 10, 6);
    expect(figure('MaleLowerQuartile') + figure('FemaleLowerQuartile')).toBeCloseTo(100, 0);
  });

  it('hides ethnic and disability groups too small to publish, and keeps pay data from everyone but the leads', async () => {
    const lead = app.client();
    await lead.signIn(org.users.equality_lead.email, TEST_PASSWORD);
    const [snapshot] = await app.services.payroll.snapshots(org.organisation.id);
    const report = await app.services.payroll.report(org.organisation.id, snapshot!.id);
    const small = report.ethnicity.report.groups.filter(
      (group) => group.relevantCount < report.ethnicity.minimumGroup,
    );
    expect(report.ethnicity.hidden).toEqual(small.map((group) => group.group));
    expect(pageText((await lead.get(`/workforce/pay-gaps/${snapshot!.id}`)).body)).toContain(
      'The GOV.UK register has not been loaded on this service yet',
    );
    await app.services.gpgRegister.importYear(
      fs.readFileSync(sharedFile('data/paygap/UK Gender Pay Gap Data - 2021 to 2022.csv'), 'utf8'),
    );
    const page = pageText((await lead.get(`/workforce/pay-gaps/${snapshot!.id}`)).body);
    expect(page).toMatch(
      /On the GOV.UK register for the 2021 snapshot, \d+% of the 316 councils reporting have a smaller mean hourly gap than yours/,
    );
    expect(page).toContain('Councils of your size (500 to 999 employees)');
    expect(page).toContain('Ethnicity pay gap');
    // Head counts are published under the policy (rounded to 5 by default), like every count.
    const disabled = report.disability.report.groups.find((group) => group.group === 'disabled')!;
    expect(report.disability.people.disabled!.value! % 5).toBe(0);
    expect(Math.abs(report.disability.people.disabled!.value! - disabled.relevantCount)).toBeLessThanOrEqual(
      2,
    );
    expect(page).toMatch(new RegExp(`Disabled ${report.disability.people.disabled!.value} £`));
    expect(page).toMatch(/\d+ people \([\d.]+%\) have not said/);
    for (const role of ['viewer', 'contributor'] as const) {
      const someone = app.client();
      await someone.signIn(org.users[role].email, TEST_PASSWORD);
      expect((await someone.get(`/workforce/pay-gaps/${snapshot!.id}`)).statusCode).toBe(403);
      expect((await someone.get('/workforce')).statusCode).toBe(403);
    }
    const audit = await sql<{ action: string }>`
      select action from audit_events where organisation_id = ${org.organisation.id} and action = 'payroll.imported'`.execute(
      app.db,
    );
    expect(audit.rows).toHaveLength(1);
  });

  it('hides a group of fewer people than the policy publishes, on the page as well', async () => {
    const small = await createTestOrganisation(app.db, app.services, 'workforce-small');
    const rows = ['Employee number,Sex,Ethnicity,Ordinary pay,Days in pay period,Weekly hours'];
    for (let i = 0; i < 30; i += 1)
      rows.push(`W${i},${i % 2 ? 'M' : 'F'},White British,${2000 + i * 10},30.44,37`);
    for (let i = 0; i < 3; i += 1) rows.push(`A${i},F,Indian,${1900 + i},30.44,37`);
    const uploadId = await app.services.payroll.stageUpload(
      small.organisation.id,
      { fileName: 'small.csv', content: Buffer.from(rows.join('\n')) },
      { day: '31', month: '3', year: '2026' },
    );
    const snapshotId = await app.services.payroll.importUpload(
      { userId: null, label: 'Test' },
      small.organisation.id,
      uploadId,
    );
    const report = await app.services.payroll.report(small.organisation.id, snapshotId);
    expect(report.ethnicity.hidden).toContain('asian');
    expect(report.ethnicity.hidden).not.toContain('white');
    const lead = app.client();
    await lead.signIn(small.users.equality_lead.email, TEST_PASSWORD);
    const page = pageText((await lead.get(`/workforce/pay-gaps/${snapshotId}`)).body);
    expect(page).toContain('Asian, Asian British or Asian Welsh Not shown: fewer than 8 people');
  });

  it('shows the workforce against the area’s population, published under the policy', async () => {
    const actor = { userId: null, label: 'Test' };
    await app.services.communities.importBoundaries(
      actor,
      org.organisation.id,
      'demo.geojson',
      demoBoundaryFile(),
    );
    await app.services.communities.importDataset(
      actor,
      org.organisation.id,
      'demo-ts021.csv',
      demoEthnicGroupFile(),
    );
    const [snapshot] = await app.services.payroll.snapshots(org.organisation.id);
    const lead = app.client();
    await lead.signIn(org.users.equality_lead.email, TEST_PASSWORD);
    const page = pageText((await lead.get(`/workforce/profile/${snapshot!.id}`)).body);
    expect(page).toContain('Staff who said, against the residents of Demo District');
    expect(page).toMatch(/White \d+ [\d.]+% [\d.]+% [\d.]+ \([\d.]+ to [\d.]+\)/);
    expect(page).toContain('Ethnicity by grade');
    // The figures are kept rendered; a new disclosure policy shows on the next request.
    const { disclosure_policy: policyBefore } = await app.db
      .selectFrom('organisations')
      .select('disclosure_policy')
      .where('id', '=', org.organisation.id)
      .executeTakeFirstOrThrow();
    await app.db
      .updateTable('organisations')
      .set({ disclosure_policy: 'round-5' })
      .where('id', '=', org.organisation.id)
      .execute();
    const rounded = pageText((await lead.get(`/workforce/profile/${snapshot!.id}`)).body);
    expect(rounded).toContain('Counts are rounded to the nearest 5, to protect individuals.');
    expect(rounded).toMatch(/White \d*[05] /);
    await app.db
      .updateTable('organisations')
      .set({ disclosure_policy: policyBefore })
      .where('id', '=', org.organisation.id)
      .execute();
    const profile = await app.services.workforceProfile.profile(org.organisation.id, snapshot!.id);
    const white = profile.characteristics[1]!.groups.find((group) => group.group === 'white')!;
    const population = (
      await app.services.communities.breakdowns(org.organisation.id, 'E07990001', ['ethnic-group-5'])
    ).get('ethnic-group-5');
    expect(white.populationShare).toBe(population!.categories.find((one) => one.code === 'white')!.share);
    expect(white.representation!.estimate).toBeCloseTo(white.share! / white.populationShare!, 9);
    const exported = await lead.get(`/workforce/profile/${snapshot!.id}/open-innovations.csv`);
    expect(exported.body.split('\n')[0]).toMatch(/^published,organisation,organisation_grouping/);
    const compared = await lead.upload(`/workforce/profile/${snapshot!.id}/compare`, {
      name: 'leeds.csv',
      content: fs.readFileSync(sharedFile('data/workforce/leeds-city-region-workforce-diversity.csv')),
    });
    expect(compared.statusCode).toBe(200);
    const comparedText = pageText(compared.body);
    expect(comparedText).toContain('Calderdale Council 2026 2,779 68%');
    expect(comparedText).toContain('(you)');
    const wrong = await lead.upload(`/workforce/profile/${snapshot!.id}/compare`, {
      name: 'x.csv',
      content: Buffer.from('a,b\n1,2\n'),
    });
    expect(wrong.statusCode).toBe(400);
    expect(pageText(wrong.body)).toContain('This file is not in the Open Innovations diversity data layout');
    const viewer = app.client();
    await viewer.signIn(org.users.viewer.email, TEST_PASSWORD);
    expect((await viewer.get(`/workforce/profile/${snapshot!.id}`)).statusCode).toBe(403);
  });

  it('links an action to the gaps it is meant to narrow (the golden thread), for leads only', async () => {
    const actionId = await resourceFactories.action(app, org.organisation.id);
    const [snapshot] = await app.services.payroll.snapshots(org.organisation.id);
    const lead = app.client();
    await lead.signIn(org.users.equality_lead.email, TEST_PASSWORD);
    await lead.get(`/workforce/pay-gaps/${snapshot!.id}`);
    const linked = await lead.post('/links', {
      anchor: `pay-gap:${snapshot!.id}`,
      anchorIsSource: 'no',
      record: `action:${actionId}`,
    });
    expect(linked.statusCode).toBe(303);
    const page = pageText((await lead.get(`/workforce/pay-gaps/${snapshot!.id}`)).body);
    expect(page).toContain('Fixture action');
    const action = pageText((await lead.get(`/plan/actions/${actionId}`)).body);
    expect(action).toContain(`Pay gaps on ${snapshot!.snapshotDate}`);
    // Someone who may not see pay data sees the action, but not what it is linked to there.
    const contributor = app.client();
    await contributor.signIn(org.users.viewer.email, TEST_PASSWORD);
    expect(pageText((await contributor.get(`/plan/actions/${actionId}`)).body)).not.toContain('Pay gaps on');
  });

  it('keeps what the organisation says about its gaps, version-checked and audited', async () => {
    const [snapshot] = await app.services.payroll.snapshots(org.organisation.id);
    const lead = app.client();
    await lead.signIn(org.users.equality_lead.email, TEST_PASSWORD);
    await lead.get(`/workforce/pay-gaps/${snapshot!.id}`);
    const saved = await lead.post(`/workforce/pay-gaps/${snapshot!.id}/narrative`, {
      narrative: 'Most of our gap comes from more women in part-time grade 1 and 2 posts.',
      version: String(snapshot!.version),
    });
    expect(saved.statusCode).toBe(303);
    const page = await lead.get(saved.headers.location as string);
    expect(pageText(page.body)).toContain('The explanation was saved.');
    expect(page.body).toContain('Most of our gap comes from more women');
    const stale = await lead.post(`/workforce/pay-gaps/${snapshot!.id}/narrative`, {
      narrative: 'An older draft',
      version: String(snapshot!.version),
    });
    expect(stale.statusCode).toBe(409);
    expect(pageText(stale.body)).toContain('An older draft');
    const tooLong = await lead.post(`/workforce/pay-gaps/${snapshot!.id}/narrative`, {
      narrative: 'x'.repeat(20_001),
      version: String(snapshot!.version + 1),
    });
    expect(tooLong.statusCode).toBe(400);
    expect(pageText(tooLong.body)).toContain('Keep the explanation to 20,000 characters or fewer');
    const audit = await sql<{ action: string }>`
      select action from audit_events where organisation_id = ${org.organisation.id} and action = 'payroll.narrative_saved'`.execute(
      app.db,
    );
    expect(audit.rows).toHaveLength(1);
  });
});
