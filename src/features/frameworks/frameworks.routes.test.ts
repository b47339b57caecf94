import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganisation, type TestOrganisation } from '../../../test/helpers/fixtures.ts';
import { pageText } from '../../../test/helpers/http-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { findBuiltIn } from './built-in-frameworks.ts';
import { readDefinitionText } from './framework-file.ts';

let app: TestApp;
let org: TestOrganisation;
const eflg = findBuiltIn('eflg-2021@2021')!;

beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'frameworks');
});
afterAll(() => app.close());

describe('framework definitions', () => {
  it('lets an admin load the official text as a new version, compare it and export it', async () => {
    const admin = await app.clientFor(org.users.admin.id, org.organisation.id);
    const official = structuredClone(eflg);
    official.version = '2021-official';
    official.wording = 'official';
    official.criteria[0]!.text = 'Official wording of the first criterion.';
    const loaded = await admin.upload('/frameworks/import', {
      name: 'eflg-official.json',
      content: Buffer.from(JSON.stringify(official)),
    });
    expect(loaded.statusCode).toBe(303);
    expect(loaded.headers.location).toBe('/frameworks/eflg-2021%402021-official');
    const again = await admin.upload('/frameworks/import', {
      name: 'eflg-official.json',
      content: Buffer.from(JSON.stringify(official)),
    });
    expect(pageText(again.body)).toContain('is already loaded');
    const broken = await admin.upload('/frameworks/import', {
      name: 'broken.json',
      content: Buffer.from(JSON.stringify({ ...official, levels: [] })),
    });
    expect(broken.statusCode).toBe(400);
    expect(pageText(broken.body)).toContain('levels:');

    const compared = pageText(
      (await admin.get('/frameworks/compare?from=eflg-2021%402021&to=eflg-2021%402021-official')).body,
    );
    expect(compared).toContain('2 differences');
    expect(compared).toContain('Official wording of the first criterion.');
    const exported = await admin.get('/frameworks/eflg-2021%402021-official/export');
    expect(JSON.parse(exported.body)).toEqual(official);
    expect(pageText((await admin.get('/frameworks')).body)).toContain('Official text (loaded by');
  });

  it('loads a YAML definition and exports one as YAML that reads back the same', async () => {
    const admin = await app.clientFor(org.users.admin.id, org.organisation.id);
    const exported = await admin.get('/frameworks/eflg-2021%402021/export?format=yaml');
    expect(exported.headers['content-type']).toBe('application/yaml; charset=utf-8');
    expect(exported.headers['content-disposition']).toBe('attachment; filename="eflg-2021-2021.yaml"');
    expect(readDefinitionText(exported.body)).toEqual({ ok: true, definition: eflg });
    // A council's own edit of the export: a new version, typed as plain YAML.
    const edited = exported.body.replace(/^version: "2021"$/m, 'version: 2026');
    const loaded = await admin.upload('/frameworks/import', {
      name: 'eflg-2026.yml',
      content: Buffer.from(edited),
    });
    expect(loaded.statusCode).toBe(303);
    expect(loaded.headers.location).toBe('/frameworks/eflg-2021%402026');
    const broken = await admin.upload('/frameworks/import', {
      name: 'broken.yaml',
      content: Buffer.from('format: equalis-framework/1\nlevels: [\n'),
    });
    expect(broken.statusCode).toBe(400);
    expect(pageText(broken.body)).toMatch(/not valid YAML \(line \d+, column \d+\)/);
  });
});
