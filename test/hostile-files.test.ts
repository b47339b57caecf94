import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxBomb, nestedHtml } from './helpers/crafted-files.ts';
import { createTestOrganisation, type TestOrganisation } from './helpers/fixtures.ts';
import { pageText } from './helpers/http-client.ts';
import { startTestApp, type TestApp } from './helpers/test-app.ts';

/**
 * The files that used to take Equalis down (issue 9), sent through the real upload routes: each
 * gets a clear message, and the server keeps answering everyone else while it reads them.
 */
let app: TestApp;
let org: TestOrganisation;

beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'hostile-files');
});
afterAll(() => app.close());

async function sheetWith(cells: string[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Plan');
  for (const address of cells) sheet.getCell(address).value = 'x';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Uploads a plan file while timing /health; both answers come back. */
async function uploadPlan(name: string, content: Buffer) {
  const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
  await lead.get('/plan/import');
  const upload = lead.upload('/plan/import/upload', { name, content });
  const healthStarted = Date.now();
  const health = await app.app.inject({ method: 'GET', url: '/health' });
  const healthMs = Date.now() - healthStarted;
  const response = await upload;
  return { response, text: pageText(response.body), health: health.statusCode, healthMs };
}

describe('plan files that used to exhaust memory or block the server', () => {
  it('one cell in the last column on 2,000 rows', async () => {
    const content = await sheetWith(Array.from({ length: 2000 }, (_, row) => `XFD${row + 1}`));
    expect(content.length).toBeLessThan(40 * 1024);
    const { response, text, health } = await uploadPlan('plan.xlsx', content);
    expect(response.statusCode).toBe(400);
    expect(text).toContain("Sheet 'Plan' has something in cell XFD1, beyond what a plan can use");
    expect(health).toBe(200);
  });

  it('one cell at XFD1048576', async () => {
    const { response, text } = await uploadPlan('plan.xlsx', await sheetWith(['A1', 'XFD1048576']));
    expect(response.statusCode).toBe(400);
    expect(text).toContain('XFD1048576');
  });

  it('a Word file whose document inflates to 100 MB', async () => {
    const content = docxBomb(100);
    expect(content.length).toBeLessThan(1024 * 1024);
    const { response, text, health } = await uploadPlan('plan.docx', content);
    expect(response.statusCode).toBe(400);
    expect(text).toContain('This file is too large or too complex to read');
    expect(health).toBe(200);
  });

  it.each([
    ['5,000 nested tables', nestedHtml(5000)],
    ['5,000 nested divs', nestedHtml(5000, '<div>', '</div>')],
  ])('%s in an HTML upload, while /health answers at once', async (_, html) => {
    const { response, text, health, healthMs } = await uploadPlan('plan.html', Buffer.from(html));
    expect(response.statusCode).toBe(400);
    expect(text).toContain('nested more than 100 deep');
    expect(health).toBe(200);
    expect(healthMs).toBeLessThan(5_000);
  });

  it('5,000 nested tables pasted into the form', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    await lead.get('/plan/import');
    const response = await lead.post('/plan/import', { text: nestedHtml(5000) });
    expect(response.statusCode).toBe(400);
    expect(pageText(response.body)).toContain('nested more than 100 deep');
  });
});

describe('framework definitions that used to crash or spin', () => {
  async function load(name: string, text: string) {
    const admin = await app.clientFor(org.users.admin.id, org.organisation.id);
    await admin.get('/frameworks/import');
    return admin.upload('/frameworks/import', { name, content: Buffer.from(text) });
  }

  it('an alias to nothing is a problem, not a ReferenceError', async () => {
    const response = await load('alias.yaml', 'format: equalis-framework/1\nid: *nowhere\n');
    expect(response.statusCode).toBe(400);
    expect(pageText(response.body)).toMatch(/alias|YAML/);
  });

  it('a billion laughs is refused', async () => {
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let level = 1; level < 9; level += 1)
      laughs.push(
        `${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + level)}`)
          .join(',')}]`,
      );
    const started = Date.now();
    const response = await load('laughs.yaml', laughs.join('\n'));
    expect(response.statusCode).toBe(400);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('2 MB of nested brackets is refused at once', async () => {
    const started = Date.now();
    const response = await load('deep.yaml', `levels: ${'['.repeat(2 * 1024 * 1024 - 10)}`);
    expect(response.statusCode).toBe(400);
    expect(pageText(response.body)).toContain('nested more than 64 deep');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
