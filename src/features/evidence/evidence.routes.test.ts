import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimalPdf } from '../../../test/helpers/crafted-files.ts';
import { createTestOrganisation, type TestOrganisation } from '../../../test/helpers/fixtures.ts';
import { pageText } from '../../../test/helpers/http-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

let app: TestApp;
let org: TestOrganisation;
let other: TestOrganisation;

beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'evidencing');
  other = await createTestOrganisation(app.db, app.services, 'elsewhere');
});
afterAll(() => app.close());

const PDF = (text: string) => minimalPdf(text);

describe('evidence library', () => {
  it('stores an upload checked by content, serves it safely, and lists what it supports', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const pdf = minimalPdf();
    const created = await lead.upload(
      '/evidence/new',
      { name: 'Workforce report 2026.pdf', content: pdf },
      {
        fields: {
          title: 'Workforce equality report 2026',
          kind: 'upload',
          reviewDate: '2099-12-31',
          frameworkId: 'nhs-eds-2022',
          criterionRef: '2B',
        },
      },
    );
    expect(created.statusCode).toBe(303);
    const itemPath = created.headers.location as string;
    // Its Linked records panel offers the framework's criteria, and links one more.
    const evidenceRef = `evidence:${itemPath.split('/').pop()!}`;
    expect((await lead.get(itemPath)).body).toContain('value="criterion:eflg-2021:4.3.2"');
    const linked = await lead.post('/links', {
      anchor: evidenceRef,
      anchorIsSource: 'yes',
      record: 'criterion:eflg-2021:4.3.2',
      returnTo: itemPath,
    });
    expect(linked.statusCode).toBe(303);
    expect(linked.headers.location).toBe(`${itemPath}#linked-records`);
    for (const record of ['criterion:eflg-2021:9.9.9', 'criterion:eflg-2021', 'action:nonsense']) {
      const refused = await lead.post('/links', { anchor: evidenceRef, anchorIsSource: 'yes', record });
      expect(refused.statusCode, record).toBe(400);
    }
    const page = pageText((await lead.get(itemPath)).body);
    expect(page).toContain('Why this exists');
    expect(page).toContain('NHS Equality Delivery System 2B');
    expect(page).toContain('Equality Framework for Local Government 4.3.2');

    const file = await lead.get(`${itemPath}/file`);
    expect(file.rawPayload.equals(pdf)).toBe(true);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="Workforce report 2026.pdf"; filename*=UTF-8''Workforce%20report%202026.pdf`,
    );
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-security-policy']).toBe("default-src 'none'; sandbox");

    // Another organisation cannot reach it.
    const outsider = await app.clientFor(other.users.admin.id, other.organisation.id);
    expect((await outsider.get(`${itemPath}/file`)).statusCode).toBe(404);
  });

  it('explains a disguised, unknown, missing or oversized file, and stores nothing', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const before = (await app.services.evidence.list(org.organisation.id)).length;
    const fields = { title: 'Bad file', kind: 'upload' };
    const disguised = await lead.upload(
      '/evidence/new',
      { name: 'report.pdf', content: Buffer.from('<script>alert(1)</script>') },
      { fields },
    );
    expect(disguised.statusCode).toBe(400);
    expect(pageText(disguised.body)).toContain('report.pdf is named as a PDF but its content is a text file');
    const unknown = await lead.upload(
      '/evidence/new',
      { name: 'tool.exe', content: Buffer.from('MZ\0\0') },
      { fields },
    );
    expect(pageText(unknown.body)).toContain('tool.exe is not a type of file we accept');
    const missing = await lead.upload('/evidence/new', null, { fields });
    expect(pageText(missing.body)).toContain('Choose the file to upload');
    const huge = await lead.upload(
      '/evidence/new',
      { name: 'huge.pdf', content: Buffer.alloc(11 * 1024 * 1024, 0x25) },
      { fields },
    );
    expect(huge.statusCode).toBe(413);
    expect(pageText(huge.body)).toContain('Files can be up to 10 MB');
    expect((await app.services.evidence.list(org.organisation.id)).length).toBe(before);
  });

  it('flags evidence past its review date on its owner’s dashboard', async () => {
    const contributor = await app.clientFor(org.users.contributor.id, org.organisation.id);
    await contributor.upload('/evidence/new', null, {
      fields: {
        title: 'Residents survey 2019',
        kind: 'link',
        url: 'https://council.example.gov.uk/survey-2019',
        reviewDate: '2021-06-30',
        ownerUserId: org.users.contributor.id,
      },
    });
    const dashboard = pageText((await contributor.get('/')).body);
    expect(dashboard).toContain('Evidence past its review date');
    expect(dashboard).toContain('Residents survey 2019');
    const filtered = pageText((await contributor.get('/evidence?stale=yes&mine=yes')).body);
    expect(filtered).toContain('Residents survey 2019');
    expect(filtered).toContain('Review overdue');
  });
});

describe('evidence over its life', () => {
  it('replaces an uploaded file with a newer version and keeps the earlier one downloadable', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const first = PDF('first');
    const created = await lead.upload(
      '/evidence/new',
      { name: 'Pay gap report 2025.pdf', content: first },
      { fields: { title: 'Gender pay gap report', kind: 'upload' } },
    );
    const itemPath = created.headers.location as string;
    const id = itemPath.split('/').pop()!;
    const second = PDF('second, with the 2026 figures');
    const replaced = await lead.upload(
      `${itemPath}/file`,
      { name: 'Pay gap report 2026.pdf', content: second },
      { fields: { version: '1' } },
    );
    expect(replaced.statusCode, replaced.body.slice(0, 300)).toBe(303);
    expect((await lead.get(`${itemPath}/file`)).rawPayload.equals(second)).toBe(true);
    const page = await lead.get(itemPath);
    expect(pageText(page.body)).toContain('Pay gap report 2025.pdf');
    const earlierHref = /href="([^"]+\?earlier=[0-9a-f-]{36})"/.exec(page.body)![1]!;
    const earlier = await lead.get(earlierHref);
    expect(earlier.rawPayload.equals(first)).toBe(true);
    expect(earlier.headers['content-disposition']).toContain('Pay gap report 2025.pdf');

    // A stale page (version 1 again) is refused and nothing changes; so is a disguised file.
    const stale = await lead.upload(
      `${itemPath}/file`,
      { name: 'Pay gap report 2027.pdf', content: PDF('third') },
      { fields: { version: '1' } },
    );
    expect(stale.statusCode).toBe(409);
    expect(pageText(stale.body)).toContain('Someone changed this evidence while you were looking at it');
    const disguised = await lead.upload(
      `${itemPath}/file`,
      { name: 'report.pdf', content: Buffer.from('<script>alert(1)</script>') },
      { fields: { version: '2' } },
    );
    expect(disguised.statusCode).toBe(400);
    expect(pageText(disguised.body)).toContain('is named as a PDF but its content is a text file');
    expect((await lead.get(`${itemPath}/file`)).rawPayload.equals(second)).toBe(true);

    // Only this item's earlier files: another item's file id, or nonsense, is not found.
    expect((await lead.get(`${itemPath}/file?earlier=${id}`)).statusCode).toBe(404);
    expect((await lead.get(`${itemPath}/file?earlier=../../etc`)).statusCode).toBe(404);
    const outsider = await app.clientFor(other.users.admin.id, other.organisation.id);
    expect((await outsider.get(earlierHref)).statusCode).toBe(404);

    const audit = await sql<{ summary: string }>`
      select summary from audit_events where entity_id = ${id} and action = 'evidence.file-replaced'`.execute(
      app.db,
    );
    expect(audit.rows.map((row) => row.summary)).toEqual([
      `Replaced the file of “Gender pay gap report”: Pay gap report 2025.pdf (${first.length} bytes) with Pay gap report 2026.pdf (${second.length} bytes)`,
    ]);
  });

  it('withdraws evidence so it stops counting, and restores it with its links', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const started = await lead.post('/assessments/new', {
      frameworkKey: 'eflg-2021@2021',
      title: 'Withdrawal check',
      scopeChoice: 'all',
      targetLevel: 'achieving',
    });
    const assessmentPath = started.headers.location as string;
    const created = await lead.upload('/evidence/new', null, {
      fields: {
        title: 'Community profile 2018',
        kind: 'link',
        url: 'https://council.example.gov.uk/profile-2018.pdf',
        reviewDate: '2020-01-31',
        ownerUserId: org.users.equality_lead.id,
        frameworkId: 'eflg-2021',
        criterionRef: '1.1.1',
      },
    });
    const itemPath = created.headers.location as string;
    const criterionPage = () => lead.get(`${assessmentPath}/criteria/1.1.1`).then((r) => pageText(r.body));
    expect(await criterionPage()).toContain('Community profile 2018');
    const reminder = () =>
      lead
        .get('/')
        .then(
          (r) => /Evidence past its review date([\s\S]*?)Recent activity/.exec(pageText(r.body))?.[1] ?? '',
        );
    expect(await reminder()).toContain('Community profile 2018');

    const noReason = await lead.post(`${itemPath}/withdraw`, { version: '1', reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(pageText(noReason.body)).toContain('Say why the evidence is being withdrawn');
    const withdrawn = await lead.post(`${itemPath}/withdraw`, {
      version: '1',
      reason: 'Superseded by the 2021 census profile',
    });
    expect(withdrawn.statusCode).toBe(303);

    const itemPage = pageText((await lead.get(itemPath)).body);
    expect(itemPage).toContain('Superseded by the 2021 census profile');
    expect(itemPage).toContain('While it is withdrawn, its links below count for nothing');
    expect(await criterionPage()).not.toContain('Community profile 2018');
    expect(await reminder()).not.toContain('Community profile 2018');
    expect(pageText((await lead.get('/evidence')).body)).not.toContain('Community profile 2018');
    expect(pageText((await lead.get('/evidence?withdrawn=yes')).body)).toContain(
      'Community profile 2018 Withdrawn',
    );
    // It cannot be linked again while withdrawn, from either side.
    const evidenceRef = `evidence:${itemPath.split('/').pop()!}`;
    for (const [anchor, anchorIsSource, record] of [
      ['criterion:eflg-2021:1.1.3', 'no', evidenceRef],
      [evidenceRef, 'yes', 'criterion:eflg-2021:1.1.3'],
    ] as const) {
      const relink = await lead.post('/links', { anchor, anchorIsSource, record });
      expect(relink.statusCode).toBe(400);
      expect(pageText(relink.body)).toContain('is withdrawn: it cannot be linked now');
    }
    for (const record of ['evidence:not-an-id', 'evidence:00000000-0000-4000-8000-000000000000']) {
      const unknown = await lead.post('/links', { anchor: 'criterion:eflg-2021:1.1.2', record });
      expect(unknown.statusCode).toBe(400);
      expect(pageText(unknown.body)).toContain('Choose a record from the list');
    }

    // Restoring from a stale page is refused; from the current one it puts the links back.
    expect((await lead.post(`${itemPath}/restore`, { version: '1' })).statusCode).toBe(409);
    expect((await lead.post(`${itemPath}/restore`, { version: '2' })).statusCode).toBe(303);
    expect(await criterionPage()).toContain('Community profile 2018');
    const actions = await sql<{ action: string }>`
      select action from audit_events where entity_id = ${itemPath.split('/').pop()!}
      order by occurred_at`.execute(app.db);
    expect(actions.rows.map((row) => row.action)).toEqual([
      'evidence.added',
      'evidence.withdrawn',
      'evidence.restored',
    ]);
  });
});
