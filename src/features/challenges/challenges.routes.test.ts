import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestOrganisation,
  TEST_PASSWORD,
  type TestOrganisation,
} from '../../../test/helpers/fixtures.ts';
import { pageText } from '../../../test/helpers/http-client.ts';
import { sharedFile } from '../../../test/helpers/shared-data.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

let app: TestApp;
let org: TestOrganisation;

const SEED = fs.readFileSync(sharedFile('seeds/004_d0a2a51aae0826e0.txt'));

beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'challenges');
});
afterAll(() => app.close());

async function lead() {
  const client = app.client();
  await client.signIn(org.users.equality_lead.email, TEST_PASSWORD);
  await client.get('/challenges/import');
  return client;
}

/** Reads the seed through the pages, and returns the preview's address. */
async function previewOfSeed(client: Awaited<ReturnType<typeof lead>>) {
  const read = await client.upload('/challenges/import', {
    name: 'oxford-peer-challenge.txt',
    content: SEED,
  });
  expect(read.statusCode).toBe(303);
  return read.headers.location as string;
}

describe('importing a peer challenge report through the pages', () => {
  it('previews seed 004, places its responses, imports it whole and audits it', async () => {
    const client = await lead();
    const previewUrl = await previewOfSeed(client);
    const preview = await client.get(previewUrl);
    expect(preview.statusCode).toBe(200);
    const text = pageText(preview.body);
    expect(text).toContain('Equality Framework for Local Government');
    expect(text).toContain('Cllr Bryony Rudkin');
    expect(text).toContain('5 areas of the findings');
    expect(text).toContain('4 recommendations');
    expect(text).toContain('30 responses from the council');
    // Nothing is saved until it is confirmed.
    expect(await app.services.challenges.list(org.organisation.id)).toHaveLength(0);

    const fields: Record<string, string> = {
      title: 'Equality Framework peer challenge, 2012',
      level: 'achieving',
      'visitedOn-day': '27',
      'visitedOn-month': '3',
      'visitedOn-year': '2012',
      'revisitOn-day': '',
      'revisitOn-month': '',
      'revisitOn-year': '',
    };
    for (const match of preview.body.matchAll(/<select[^>]*name="(response-\d+)"[\s\S]*?<\/select>/g)) {
      const selected = /<option value="([^"]+)" selected/.exec(match[0]);
      fields[match[1]!] = selected?.[1] ?? 'none';
    }
    expect(Object.keys(fields).filter((name) => name.startsWith('response-'))).toHaveLength(30);
    // The person moves the first response: it stays with the challenge instead.
    fields['response-1'] = 'none';

    const confirmed = await client.post(previewUrl, fields);
    expect(confirmed.statusCode).toBe(303);
    const challengeUrl = (confirmed.headers.location as string).replace(/\?imported$/, '');
    const page = pageText((await client.get(confirmed.headers.location as string)).body);
    expect(page).toContain('Peer challenge imported with 93 findings');
    expect(page).toContain('Knowing your communities and equality mapping');
    expect(page).toContain('27 March 2012');
    expect(page).toContain('Other responses in the report');

    const [challenge] = await app.services.challenges.list(org.organisation.id);
    const overview = await app.services.challenges.overview(org.organisation.id, challenge!.id);
    expect(challengeUrl).toBe(`/challenges/${challenge!.id}`);
    const answered = overview.findings.filter((finding) => finding.responseText);
    expect(answered.length).toBeGreaterThan(10);
    expect(challenge!.otherResponses.map((other) => other.response)[0]).toMatch(/.+/);
    // Every response landed somewhere: on a finding or kept with the challenge.
    const kept =
      overview.findings.reduce(
        (sum, finding) => sum + (finding.responseText ? finding.responseText.split('\n\n').length : 0),
        0,
      ) + challenge!.otherResponses.length;
    expect(kept).toBe(30);

    // The staged copy went with the import: confirming again finds nothing.
    expect((await client.post(previewUrl, fields)).statusCode).toBe(404);
    const audit = await app.services.auditLog.page(org.organisation.id, { action: 'challenge.imported' }, 1);
    expect(audit.events).toHaveLength(1);
  });

  it('records a response, version-checked, and turns a recommendation into an action in the plan', async () => {
    const client = await lead();
    const [challenge] = await app.services.challenges.list(org.organisation.id);
    const overview = await app.services.challenges.overview(org.organisation.id, challenge!.id);
    const recommendation = overview.findings.find((finding) => finding.kind === 'recommendation')!;
    const url = `/challenges/findings/${recommendation.id}`;
    expect(pageText((await client.get(url)).body)).toContain('Recommendation 1');

    const missing = await client.post(`${url}/response`, {
      version: String(recommendation.version),
      text: 'Yes',
    });
    expect(missing.statusCode).toBe(400);
    expect(pageText(missing.body)).toContain('Choose whether the council agrees');

    const saved = await client.post(`${url}/response`, {
      version: String(recommendation.version),
      stance: 'agreed',
      text: 'Agreed. A quality panel will review every EqIA from April.',
    });
    expect(saved.statusCode).toBe(303);
    const stale = await client.post(`${url}/response`, {
      version: String(recommendation.version),
      stance: 'partly',
      text: 'Typed in another tab',
    });
    expect(stale.statusCode).toBe(409);
    expect(pageText(stale.body)).toContain('Typed in another tab');
    expect(pageText(stale.body)).toContain('A quality panel will review every EqIA');

    const badDate = await client.post(`${url}/actions`, {
      actionText: 'Set up the EqIA quality panel',
      'target-day': '31',
      'target-month': '2',
      'target-year': '2027',
    });
    expect(badDate.statusCode).toBe(400);
    expect(pageText(badDate.body)).toContain('Enter a real date');
    const raised = await client.post(`${url}/actions`, {
      actionText: 'Set up the EqIA quality panel',
      'target-day': '31',
      'target-month': '3',
      'target-year': '2027',
    });
    expect(raised.statusCode).toBe(303);
    const findingPage = pageText((await client.get(raised.headers.location as string)).body);
    expect(findingPage).toMatch(/Action [\d.]+ has been added to the plan/);
    expect(findingPage).toContain('Set up the EqIA quality panel');

    const action = (await app.services.actionPlan.list(org.organisation.id)).find(
      (one) => one.text === 'Set up the EqIA quality panel',
    )!;
    expect(action.targetEnd).toBe('2027-03-31');
    // The golden thread both ways: the action's page names the recommendation it answers.
    const actionPage = pageText((await client.get(`/plan/actions/${action.id}`)).body);
    expect(actionPage).toContain(`Recommendation 1 of ${challenge!.title}`);
    const after = await app.services.challenges.overview(org.organisation.id, challenge!.id);
    expect(after.progress.actions).toBe(1);
    expect(after.progress.byStance.agreed).toBeGreaterThanOrEqual(1);
    expect(pageText((await client.get(`/challenges/${challenge!.id}`)).body)).toContain(
      'They have led to 1 actions in the plan',
    );
  });

  it('changes the visit’s details, refusing dates that are not real and a stale version', async () => {
    const client = await lead();
    const [challenge] = await app.services.challenges.list(org.organisation.id);
    const url = `/challenges/${challenge!.id}/details`;
    expect((await client.get(url)).statusCode).toBe(200);
    const form = {
      version: String(challenge!.version),
      title: challenge!.title,
      level: 'achieving',
      'visitedOn-day': '27',
      'visitedOn-month': '3',
      'visitedOn-year': '2012',
      'revisitOn-day': '1',
      'revisitOn-month': '13',
      'revisitOn-year': '2013',
      conclusion: 'Achieving, validated.',
    };
    expect((await client.post(url, form)).statusCode).toBe(400);
    const saved = await client.post(url, { ...form, 'revisitOn-month': '3' });
    expect(saved.statusCode).toBe(303);
    expect((await app.services.challenges.list(org.organisation.id))[0]!.revisitOn).toBe('2013-03-01');
    expect((await client.post(url, { ...form, 'revisitOn-month': '4' })).statusCode).toBe(409);
  });

  it('says what is wrong with a file it cannot read, and keeps what was pasted', async () => {
    const client = await lead();
    const pdf = await client.upload('/challenges/import', {
      name: 'report.pdf',
      content: Buffer.from('%PDF-1.4'),
    });
    expect(pdf.statusCode).toBe(400);
    expect(pageText(pdf.body)).toContain('The file must be a Word document');
    const broken = await client.upload('/challenges/import', {
      name: 'report.docx',
      content: Buffer.from('not a zip'),
    });
    expect(broken.statusCode).toBe(400);
    expect(pageText(broken.body)).toContain('There is a problem');
    const nothing = await client.upload('/challenges/import', null, { fields: { text: '  ' } });
    expect(nothing.statusCode).toBe(400);
    expect(pageText(nothing.body)).toContain('Choose a report file, or paste');

    const letter = 'Dear colleague, thank you for your time last week. Kind regards.';
    const pasted = await client.upload('/challenges/import', null, { fields: { text: letter } });
    expect(pasted.statusCode).toBe(303);
    const preview = await client.get(pasted.headers.location as string);
    expect(pageText(preview.body)).toContain(
      'No recommendations, strengths or areas for consideration were found',
    );
    expect(pageText(preview.body)).toContain('cannot be imported until the problems');
    const refused = await client.post(pasted.headers.location as string, { title: 'A letter', level: '' });
    expect(refused.statusCode).toBe(400);
  });

  it('lets every member of staff read peer challenges, and only the leads change them', async () => {
    const viewer = app.client();
    await viewer.signIn(org.users.viewer.email, TEST_PASSWORD);
    const list = await viewer.get('/challenges');
    expect(list.statusCode).toBe(200);
    expect(pageText(list.body)).not.toContain('Import a peer challenge report');
    const [challenge] = await app.services.challenges.list(org.organisation.id);
    const page = await viewer.get(`/challenges/${challenge!.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(`/challenges/${challenge!.id}/details`);
    expect((await viewer.get('/challenges/import')).statusCode).toBe(403);
  });

  it('adds a finding by hand, numbered on from its kind in its area, with problems per field', async () => {
    const client = await lead();
    const importId = await app.services.challenges.stageText(
      { userId: null, label: 'Test' },
      org.organisation.id,
      [
        'Recommendations',
        '1. Publish more impact assessments.',
        'Detailed findings',
        'Knowing your communities',
        'Strengths:',
        '1. Ward profiles are refreshed every quarter.',
        'Areas for consideration:',
        '1. Leisure collects no monitoring data.',
      ].join('\n'),
    );
    const challengeId = await app.services.challenges.confirm(
      { userId: null, label: 'Test' },
      org.organisation.id,
      importId,
      {
        title: 'Typed-in challenge',
        level: 'achieving',
        visitedOn: null,
        revisitOn: null,
        placement: new Map(),
      },
    );
    const form = await client.get(`/challenges/${challengeId}/findings/new`);
    expect(form.statusCode).toBe(200);
    expect(pageText(form.body)).toContain('Knowing your communities');

    const refused = await client.post(`/challenges/${challengeId}/findings`, { findingText: 'Something' });
    expect(refused.statusCode).toBe(400);
    expect(pageText(refused.body)).toContain('Choose what it is');
    expect(refused.body).toContain('Something');

    const added = await client.post(`/challenges/${challengeId}/findings`, {
      kind: 'consideration',
      area: 'Knowing your communities',
      findingText: 'Parks should ask who uses them.',
    });
    expect(added.statusCode).toBe(303);
    const page = pageText((await client.get(added.headers.location as string)).body);
    expect(page).toContain('The finding has been added.');
    const findings = await app.services.challenges.overview(org.organisation.id, challengeId);
    const considerations = findings.areas.find(
      (area) => area.title === 'Knowing your communities',
    )!.considerations;
    expect(considerations.map((one) => [one.number, one.text])).toEqual([
      ['1', 'Leisure collects no monitoring data.'],
      ['2', 'Parks should ask who uses them.'],
    ]);
    const recommendation = await client.post(`/challenges/${challengeId}/findings`, {
      kind: 'recommendation',
      area: 'Knowing your communities',
      findingText: 'Agree workforce targets.',
    });
    expect(recommendation.statusCode).toBe(303);
    const after = await app.services.challenges.overview(org.organisation.id, challengeId);
    expect(after.byKind.get('recommendation')!.map((one) => [one.number, one.area])).toEqual([
      ['1', null],
      ['2', null],
    ]);
    const actions = (await app.services.auditLog.page(org.organisation.id, {}, 1)).events.map(
      (e) => e.action,
    );
    expect(actions).toContain('challenge.finding_added');
  });
});
