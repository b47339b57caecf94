import fs from 'node:fs';
import ExcelJS from 'exceljs';
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
import { seeded } from '../../demo/demo-communities.ts';
import { QUESTION_BANK } from './question-bank.ts';

let app: TestApp;
let org: TestOrganisation;
let other: TestOrganisation;

const read = (relative: string) => fs.readFileSync(sharedFile(relative), 'utf8');
const ADUR = 'E07000223';

beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'monitoring');
  other = await createTestOrganisation(app.db, app.services, 'monitoring-other');
  const actor = { userId: null, label: 'Test' };
  await app.services.communities.importBoundaries(
    actor,
    org.organisation.id,
    'ltla.geojson',
    read('data/boundaries/sussex_ltla_2022.geojson'),
  );
  await app.services.communities.importDataset(
    actor,
    org.organisation.id,
    'ts021.csv',
    read('data/census/lsoa/sussex_ts021_ethnic_group_lsoa_nomis.csv'),
  );
});
afterAll(() => app.close());

/** Random users, weighted so some groups are clearly under-represented and some answers are missing. */
function randomPeople(count: number, seed: number): string[][] {
  const random = seeded(seed);
  const ethnic = QUESTION_BANK[0]!.answers.map((answer) => answer.label);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: count }, (_, index) => [
    `R${index}`,
    random() < 0.08
      ? 'Prefer not to say'
      : random() < 0.05
        ? ''
        : random() < 0.6
          ? ethnic[12]!
          : pick(ethnic),
    pick(['Yes', 'No', 'No', 'No', 'Prefer not to say']),
    pick(['Female', 'Male', 'Female', '']),
  ]);
}

function csvOf(people: string[][]): Buffer {
  return Buffer.from(
    [
      'Reference,Ethnic group,Disability,Sex',
      ...people.map((row) => row.map((cell) => `"${cell}"`).join(',')),
    ].join('\n'),
  );
}

describe('service-user monitoring', () => {
  it('adds a service, imports a period, and compares its users with the area’s population as plain SQL does', async () => {
    const lead = app.client();
    await lead.signIn(org.users.equality_lead.email, TEST_PASSWORD);
    await lead.get('/monitoring/services/new');
    const added = await lead.post('/monitoring/services', {
      name: 'Parks and open spaces',
      catchmentAreaCode: ADUR,
    });
    expect(added.statusCode).toBe(303);
    const importUrl = (added.headers.location as string).replace(/\?added$/, '');
    const serviceId = importUrl.split('/')[3]!;
    expect(pageText((await lead.get(added.headers.location as string)).body)).toContain(
      'Parks and open spaces was added',
    );

    const people = randomPeople(3000, 7);
    const imported = await lead.upload(
      importUrl,
      { name: 'parks-2025.csv', content: csvOf(people) },
      { fields: { period: '2025-26' } },
    );
    expect(imported.statusCode).toBe(303);
    const page = await lead.get(imported.headers.location as string);
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toContain('The monitoring for 2025-26 was imported');
    expect(text).toContain('What is your ethnic group?');
    expect(text).toMatch(/\d+% of people answered/);
    expect(text).toContain('Data gaps');
    expect(page.body).toContain('<svg class="app-chart"');

    // The same arithmetic in SQL, from the same rows and the census figures held: counts rounded
    // to 5 and 1–7 hidden (the default policy), shares of those answering, ratio to Adur's share.
    // The rows go in as arrays, unnested in each query (a pool gives each query its own connection).
    const codeOf = new Map(QUESTION_BANK[0]!.answers.map((answer) => [answer.label, answer.code]));
    const rowsCte = sql`monitoring_people as (
      select * from unnest(${people.map((row) => (row[1] === 'Prefer not to say' ? 'prefer_not' : row[1] === '' ? 'not_answered' : codeOf.get(row[1]!)!))}::text[],
                           ${people.map((row) => row[2]!)}::text[], ${people.map((row) => row[3]!)}::text[])
        as t(ethnic, disability, sex))`;
    const expected = await sql<{ grp: string; share: number | null; ratio: number | null }>`
      with ${rowsCte},
      users as (
        select split_part(ethnic, '_', 1) as grp, count(*) as n from monitoring_people
         where ethnic not in ('prefer_not', 'not_answered') group by 1),
      answered as (select sum(n) as n from users),
      census as (
        select f.category as grp, sum(f.value) as n from dataset_figures f
         where f.organisation_id = ${org.organisation.id} and f.area_code = ${ADUR} group by 1),
      census_rounded as (select grp, floor(n / 5.0 + 0.5) * 5 as n from census),
      census_all as (select floor(sum(n) / 5.0 + 0.5) * 5 as n from census)
      select u.grp,
             case when u.n between 1 and 7 then null else (floor(u.n / 5.0 + 0.5) * 5) / (floor(a.n / 5.0 + 0.5) * 5) end::float8 as share,
             case when u.n between 1 and 7 then null else
               ((floor(u.n / 5.0 + 0.5) * 5) / (floor(a.n / 5.0 + 0.5) * 5))
               / ((c.n / ca.n) / (select sum(n / ca.n) from census_rounded))
             end::float8 as ratio
        from users u cross join answered a cross join census_all ca join census_rounded c on c.grp = u.grp`.execute(
      app.db,
    );
    const report = await app.services.monitoring.report(org.organisation.id, serviceId);
    const ethnic = report.comparisons.find((comparison) => comparison.questionId === 'ethnic-group')!;
    expect(expected.rows).toHaveLength(5);
    for (const row of expected.rows) {
      const shown = ethnic.rows.find((one) => one.key === row.grp)!;
      if (row.share === null) expect(shown.share).toBeNull();
      else {
        expect(shown.share).toBeCloseTo(row.share, 10);
        expect(shown.ratio!.estimate).toBeCloseTo(row.ratio!, 10);
      }
    }
    const declared = await sql<{ rate: number }>`
      with ${rowsCte}
      select (floor(count(*) filter (where ethnic not in ('prefer_not', 'not_answered')) / 5.0 + 0.5) * 5
             / (floor(count(*) / 5.0 + 0.5) * 5))::float8 as rate from monitoring_people`.execute(app.db);
    expect(ethnic.declarationRate).toBeCloseTo(declared.rows[0]!.rate, 10);
    // Adur is over nine tenths White; these users are about seven tenths, so White shows clearly
    // under-represented and the groups drawn evenly from the other fifteen clearly over.
    expect(ethnic.rows.find((one) => one.key === 'white')!.flag).toBe('under');
    expect(ethnic.rows.some((one) => one.flag === 'over')).toBe(true);

    // Two questions crossed, published as one table under the policy.
    const crossed = await lead.get(`/monitoring/services/${serviceId}?rows=disability&columns=sex#crossed`);
    expect(pageText(crossed.body)).toContain('by What is your sex?: people, under the disclosure policy');

    // Where are the gaps: the under-represented groups, and the questions never asked.
    const overview = pageText((await lead.get('/monitoring')).body);
    expect(overview).toContain('Parks and open spaces');
    expect(overview).toMatch(/under-represented: 0\.\d+ times their share of the area/);
    expect(overview).toContain('Not asked: no data for this service');
  });

  it('refuses a file with any bad row, naming each with its line, keeping nothing and what was typed', async () => {
    const lead = app.client();
    await lead.signIn(org.users.equality_lead.email, TEST_PASSWORD);
    const serviceId = await app.services.monitoring.createService(
      { userId: null, label: 'Test' },
      org.organisation.id,
      {
        name: 'Housing options',
        catchmentAreaCode: '',
      },
    );
    await lead.get(`/monitoring/services/${serviceId}/import`);
    const refused = await lead.upload(
      `/monitoring/services/${serviceId}/import`,
      { name: 'housing.csv', content: Buffer.from('Ethnicity,Sex\nIndian,Female\nMartian,Male\n') },
      { fields: { period: 'Q1 2026' } },
    );
    expect(refused.statusCode).toBe(400);
    const text = pageText(refused.body);
    expect(text).toContain('The file has 1 problem: nothing was imported');
    expect(text).toContain('“Martian” is not an answer to “What is your ethnic group?”');
    expect(refused.body).toContain('value="Q1 2026"');
    expect((await app.services.monitoring.report(org.organisation.id, serviceId)).periods).toHaveLength(0);

    const noPeriod = await lead.upload(
      `/monitoring/services/${serviceId}/import`,
      { name: 'housing.csv', content: Buffer.from('Ethnicity\nIndian\n') },
      { fields: { period: ' ' } },
    );
    expect(pageText(noPeriod.body)).toContain('Enter the period the file covers');
  });

  it('imports an Excel workbook through the same form', async () => {
    const lead = app.client();
    await lead.signIn(org.users.equality_lead.email, TEST_PASSWORD);
    const serviceId = await app.services.monitoring.createService(
      { userId: null, label: 'Test' },
      org.organisation.id,
      {
        name: 'Contact centre',
        catchmentAreaCode: ADUR,
      },
    );
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Callers');
    sheet.addRow(['Caller', 'Sex', 'Age band']);
    for (let index = 0; index < 60; index += 1)
      sheet.addRow([`C${index}`, index % 3 ? 'Female' : 'Male', '25 to 34']);
    await lead.get(`/monitoring/services/${serviceId}/import`);
    const imported = await lead.upload(
      `/monitoring/services/${serviceId}/import`,
      { name: 'callers.xlsx', content: Buffer.from(await book.xlsx.writeBuffer()) },
      { fields: { period: 'Q2 2026' } },
    );
    expect(imported.statusCode).toBe(303);
    const report = await app.services.monitoring.report(org.organisation.id, serviceId);
    expect(report.latest!.people).toBe(60);
    expect(report.comparisons.map((comparison) => comparison.questionId)).toEqual(['sex', 'age']);
  });

  it('publishes how many people a period counted under the disclosure policy, like every other count', async () => {
    const serviceId = await app.services.monitoring.createService(
      { userId: null, label: 'Test' },
      org.organisation.id,
      {
        name: 'Home library visits',
        catchmentAreaCode: '',
      },
    );
    await app.services.monitoring.importPeriod(
      { userId: null, label: 'Test' },
      org.organisation.id,
      serviceId,
      {
        period: '2025-26',
        fileName: 'visits.csv',
        text: 'Sex\nFemale\nFemale\nMale\n',
      },
    );
    const [listed] = (await app.services.monitoring.services(org.organisation.id)).filter(
      (one) => one.id === serviceId,
    );
    expect(listed!.latest!.people).toBe(3);
    expect(listed!.latest!.peopleShown).toBeNull();
  });

  it('turns a gap into an action on the golden thread: the action is linked to the service it is meant to change', async () => {
    const [service] = await app.services.monitoring.services(org.organisation.id);
    const actionId = await resourceFactories.action(app, org.organisation.id);
    const lead = app.client();
    await lead.signIn(org.users.equality_lead.email, TEST_PASSWORD);
    await lead.get(`/monitoring/services/${service!.id}`);
    const linked = await lead.post('/links', {
      anchor: `monitored-service:${service!.id}`,
      anchorIsSource: 'no',
      record: `action:${actionId}`,
    });
    expect(linked.statusCode).toBe(303);
    expect(pageText((await lead.get(`/monitoring/services/${service!.id}`)).body)).toContain(
      'Fixture action',
    );
    expect(pageText((await lead.get(`/plan/actions/${actionId}`)).body)).toContain(
      `Service monitoring: ${service!.name}`,
    );
  });

  it('lets contributors read but not import, and keeps each organisation’s services its own', async () => {
    const contributor = app.client();
    await contributor.signIn(org.users.contributor.email, TEST_PASSWORD);
    expect((await contributor.get('/monitoring')).statusCode).toBe(200);
    expect((await contributor.get('/monitoring/services/new')).statusCode).toBe(403);
    expect((await contributor.get('/monitoring/questions')).statusCode).toBe(200);

    const [service] = await app.services.monitoring.services(org.organisation.id);
    const outsider = app.client();
    await outsider.signIn(other.users.equality_lead.email, TEST_PASSWORD);
    expect((await outsider.get(`/monitoring/services/${service!.id}`)).statusCode).toBe(404);
    expect(pageText((await outsider.get('/monitoring')).body)).not.toContain('Parks and open spaces');
  });
});
