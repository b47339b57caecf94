import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestOrganisation,
  TEST_PASSWORD,
  type TestOrganisation,
} from '../../../test/helpers/fixtures.ts';
import { pageText } from '../../../test/helpers/http-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { readJourneyFile } from './journey-file.ts';

let app: TestApp;
let org: TestOrganisation;

beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'journeys');
});
afterAll(() => app.close());

const RECRUITMENT = [
  'Stage,White,Black Asian and minority ethnic,Out of',
  'Applied,"1,200",600,',
  'Shortlisted,300,100,',
  'Appointed,60,10,',
  'Workforce,900,120,',
  'Disciplinary,18,6,Workforce',
].join('\n');

describe('employee journeys', () => {
  it('reads stages, each out of the row above unless it says', () => {
    const file = readJourneyFile(RECRUITMENT);
    expect(file.problems).toEqual([]);
    expect(file.groups).toEqual(['White', 'Black Asian and minority ethnic']);
    expect(file.stages.map((stage) => [stage.stage, stage.outOf])).toEqual([
      ['Applied', null],
      ['Shortlisted', 'Applied'],
      ['Appointed', 'Shortlisted'],
      ['Workforce', 'Appointed'],
      ['Disciplinary', 'Workforce'],
    ]);
    expect(readJourneyFile('Stage,A,B\nX,1,two\nX,1,1\n').problems.map((one) => one.message)).toEqual([
      'X: the count for “B” is not a whole number',
      'X appears twice',
    ]);
  });

  it('imports a journey and reads it as WRES relative likelihoods, refusing counts larger than their stage', async () => {
    const lead = app.client();
    await lead.signIn(org.users.equality_lead.email, TEST_PASSWORD);
    await lead.get('/workforce/journeys');
    // Workforce (900) is not "out of" Appointed (60): the file must say what it is out of.
    const refused = await lead.upload(
      '/workforce/journeys',
      { name: 'journey.csv', content: Buffer.from(RECRUITMENT) },
      { fields: { title: 'Recruitment 2025–26' } },
    );
    expect(refused.statusCode).toBe(400);
    expect(pageText(refused.body)).toContain(
      'Workforce: more “White”, “Black Asian and minority ethnic” than at Appointed',
    );
    expect(refused.body).toContain('value="Recruitment 2025–26"');
    const journey = ['Stage,White,BME', 'Shortlisted,300,100', 'Appointed,60,10'].join('\n');
    const saved = await lead.upload(
      '/workforce/journeys',
      { name: 'journey.csv', content: Buffer.from(journey) },
      { fields: { title: 'Recruitment' } },
    );
    expect(saved.statusCode).toBe(303);
    const page = pageText((await lead.get(saved.headers.location as string)).body);
    // White 60/300 = 0.2; BME 10/100 = 0.1: White applicants twice as likely to be appointed from shortlisting.
    expect(page).toMatch(/BME 10(\.0)?% 2 \([\d.]+ to [\d.]+\) White more likely than BME/);
    const audit = await sql<{
      action: string;
    }>`select action from audit_events where organisation_id = ${org.organisation.id} and action = 'journey.imported'`.execute(
      app.db,
    );
    expect(audit.rows).toHaveLength(1);
    const viewer = app.client();
    await viewer.signIn(org.users.viewer.email, TEST_PASSWORD);
    expect((await viewer.get('/workforce/journeys')).statusCode).toBe(403);
  });

  it('publishes the counts under the disclosure policy, and no likelihood built on a hidden count', async () => {
    const id = await app.services.employeeJourneys.import(
      { userId: null, label: 'Test' },
      org.organisation.id,
      {
        title: 'Discipline',
        fileName: 'discipline.csv',
        text: 'Stage,White,Mixed,Asian\nWorkforce,900,40,60\nDisciplinary,18,3,4\n',
      },
    );
    const read = await app.services.employeeJourneys.read(org.organisation.id, id);
    expect(read.stages[1]!.cells.map((cell) => cell.hidden)).toEqual([null, 'primary', 'primary']);
    expect(
      read.likelihoods[0]!.groups.filter((group) => group.group !== 'White').every(
        (group) => group.likelihood === null,
      ),
    ).toBe(true);
    const lead = app.client();
    await lead.signIn(org.users.equality_lead.email, TEST_PASSWORD);
    const page = pageText((await lead.get(`/workforce/journeys/${id}`)).body);
    expect(page).toContain('Disciplinary out of Workforce 20 Not shown Not shown');
  });
});
