import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimalPdf } from '../helpers/crafted-files.ts';
import { sharedFile } from '../helpers/shared-data.ts';
import { DEMO_PASSWORD } from '../../src/demo/demo-organisation.ts';
import { demoPayrollFile } from '../../src/demo/demo-payroll.ts';
import { startDemoServer, type DemoServer } from '../helpers/demo-server.ts';
import { axeViolations, launchChromium, SCREENSHOTS, signIn, watchForProblems } from './browser.ts';

let server: DemoServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer(), launchChromium()]);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const ADMIN = 'admin@demo-district.example';
const LEAD = 'equality.lead@demo-district.example';

/** Visits a page and holds it to the bar: axe-clean, no console errors, a title and one h1. */
async function checkPage(page: Page, problems: string[], label: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `axe on ${label}`).toEqual([]);
  expect(problems, `browser problems on ${label}`).toEqual([]);
  expect(await page.title(), `title of ${label}`).toMatch(/\S/);
  expect(await page.locator('h1').count(), `h1 on ${label}`).toBe(1);
}

describe('every page, in Chromium, against WCAG 2.2 AA', () => {
  it('walks every page of the service as an administrator, and each passes axe with zero violations', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = watchForProblems(page);
    const visited = new Set<string>();
    const walked: string[] = [];
    const visit = async (url: string, pattern: string) => {
      await page.goto(`${server.baseUrl}${url}`);
      await checkPage(page, problems, url);
      visited.add(pattern);
      walked.push(url);
    };

    await visit('/sign-in', '/sign-in');
    await visit('/accessibility', '/accessibility');
    await visit('/cookies', '/cookies');
    await signIn(page, server.baseUrl, ADMIN, DEMO_PASSWORD);
    await visit('/', '/');
    await visit('/team', '/team');
    await visit('/team/invite', '/team/invite');
    const memberHref = await page
      .goto(`${server.baseUrl}/team`)
      .then(() => page.getByRole('link', { name: 'Tom Evans' }).getAttribute('href'));
    await visit(memberHref!, '/team/:userId');
    await visit(`${memberHref}/remove`, '/team/:userId/remove');
    await visit('/audit', '/audit');
    await visit('/audit?action=member.added', '/audit');
    const eventHref = await page.locator('a[href^="/audit/"]').first().getAttribute('href');
    await visit(eventHref!, '/audit/:eventId');
    await visit('/settings', '/settings');
    await visit('/account', '/account');
    await visit('/account/password', '/account/password');
    await visit('/organisations/switch', '/organisations/switch');
    await visit('/plan', '/plan');
    const actionHref = await page
      .getByRole('link', { name: /Agree a data-sharing protocol/ })
      .getAttribute('href');
    await visit(actionHref!, '/plan/actions/:actionId');
    await visit(`${actionHref}/edit`, '/plan/actions/:actionId/edit');
    await visit('/plan/people', '/plan/people');
    await visit('/plan/actions/new', '/plan/actions/new');
    await page.goto(`${server.baseUrl}${actionHref}`);
    // Posting progress on it, as its lead would.
    await page
      .getByLabel('What has happened since the last update?')
      .fill('Partners have signed the protocol.');
    await page.getByLabel('Completed').check();
    await page.getByRole('button', { name: 'Post progress' }).click();
    await checkPage(page, problems, 'progress posted');
    await expect(page.locator('main').textContent()).resolves.toContain('Partners have signed the protocol.');
    await visit('/plan/import', '/plan/import');
    // Downloading the plan from its page.
    await page.goto(`${server.baseUrl}/plan`);
    const [excel] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Excel', exact: true }).click(),
    ]);
    expect(excel.suggestedFilename()).toBe('demo-district-action-plan.xlsx');
    visited.add('/plan/export');
    await visit('/plan/versions', '/plan/versions');
    await page.getByLabel('Name of the version').fill('Autumn update');
    await page.getByRole('button', { name: 'Publish this version' }).click();
    await checkPage(page, problems, 'published version');
    visited.add('/plan/versions/:versionId');
    await page.goto(`${server.baseUrl}/plan/versions`);
    await page.getByRole('button', { name: 'Compare' }).click();
    await checkPage(page, problems, 'compare versions');
    visited.add('/plan/versions/compare');
    await visit('/plan/report', '/plan/report');
    await page.getByRole('link', { name: 'Autumn update' }).click();
    await checkPage(page, problems, 'committee report');
    const [report] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download as a Word document' }).click(),
    ]);
    expect(report.suggestedFilename()).toBe('demo-district-equality-progress-report.docx');
    visited.add('/plan/report/docx');
    await visit('/groups', '/groups');
    await visit('/groups/new', '/groups/new');
    await page.goto(`${server.baseUrl}/groups`);
    const groupHref = await page
      .getByRole('link', { name: 'Strategic Equalities Group' })
      .getAttribute('href');
    await visit(groupHref!, '/groups/:groupId');
    await visit('/objectives', '/objectives');
    await visit('/objectives/new', '/objectives/new');
    await page.goto(`${server.baseUrl}/objectives`);
    const objectiveHref = await page
      .getByRole('link', { name: /Build a workforce that reflects the district/ })
      .getAttribute('href');
    await visit(objectiveHref!, '/objectives/:objectiveId');
    await visit(`${objectiveHref}/edit`, '/objectives/:objectiveId/edit');
    await visit('/no-such-page', '(404)');

    // An invitation link, opened by the invitee in their own browser.
    await page.goto(`${server.baseUrl}/team/invite`);
    await page.getByLabel('Full name').fill('Kofi Mensah');
    await page.getByLabel('Email address').fill('kofi.mensah@demo-district.example');
    await page.getByLabel('Viewer').check();
    await page.getByRole('button', { name: 'Create invitation' }).click();
    await checkPage(page, problems, 'invitation created');
    const link = await page.getByLabel('Invitation link').inputValue();
    const invitee = await context
      .browser()!
      .newContext()
      .then((other) => other.newPage());
    const inviteeProblems = watchForProblems(invitee);
    await invitee.goto(link);
    await checkPage(invitee, inviteeProblems, 'accept invitation');
    visited.add('/invitations/:token');

    // Importing a plan: paste, check the preview, confirm, see it in the plan.
    await page.goto(`${server.baseUrl}/plan/import`);
    await page
      .getByLabel('Your action plan')
      .fill(
        [
          'Equality data',
          '\tAction\tCompletion Date\tLead Officer/s\tEFLG\tStrand',
          '12.1\tPublish workforce profile\tMarch 2031\tAlex Morgan\t1.1\tAll',
        ].join('\n'),
      );
    await page.getByRole('button', { name: 'Check the plan' }).click();
    await checkPage(page, problems, 'import preview');
    visited.add('/plan/import/:importId');
    await page.getByRole('button', { name: 'Import 1 action' }).click();
    await expect(page.locator('main').textContent()).resolves.toContain('Publish workforce profile');

    // Self-assessment: the demo's EFLG 2021 assessment, a criterion, readiness and the pack.
    await visit('/assessments', '/assessments');
    await visit('/assessments/new', '/assessments/new');
    // Starting takes two steps; the second offers only the chosen framework's areas and levels.
    await page.getByLabel(/Equality Framework for Local Government 2009/).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await checkPage(page, problems, 'start step 2 (EFLG 2009)');
    await page.getByLabel('Title').fill('EFLG 2009 look-back: workforce');
    await page.getByLabel('Only the areas ticked below').check();
    await page.getByLabel('5. A modern and diverse workforce').check();
    await page.getByLabel('Target level').selectOption({ label: 'Achieving' });
    await page.getByRole('button', { name: 'Start the assessment' }).click();
    await checkPage(page, problems, 'assessment started');
    await expect(page.locator('h1').textContent()).resolves.toBe('EFLG 2009 look-back: workforce');
    await expect(page.locator('main').textContent()).resolves.toContain('A modern and diverse workforce');
    await page.goto(`${server.baseUrl}/assessments`);
    const assessmentHref = await page
      .getByRole('link', { name: /journey to Achieving/ })
      .getAttribute('href');
    await visit(assessmentHref!, '/assessments/:assessmentId');
    await expect(page.locator('main').textContent()).resolves.toContain('Journey to Achieving');
    await visit(`${assessmentHref}/readiness`, '/assessments/:assessmentId/readiness');
    await expect(page.locator('main').textContent()).resolves.toContain('Data improvement plan 2025');
    await visit(`${assessmentHref}/criteria/2.4.1`, '/assessments/:assessmentId/criteria/:criterionRef');
    await page.getByLabel('Partly met').check();
    await page.getByRole('button', { name: 'Save rating' }).click();
    await checkPage(page, problems, 'rating saved');
    await visit(`${assessmentHref}/settings`, '/assessments/:assessmentId/settings');
    await visit(`${assessmentHref}/history`, '/assessments/:assessmentId/history');
    await visit(`${assessmentHref}/pack`, '/assessments/:assessmentId/pack');
    const [packDocx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download as Word' }).click(),
    ]);
    expect(packDocx.suggestedFilename()).toBe('demo-district-self-assessment.docx');
    visited.add('/assessments/:assessmentId/pack.docx');
    await page.goto(`${server.baseUrl}${assessmentHref}`);
    const [ratings] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Ratings (CSV)' }).click(),
    ]);
    expect(ratings.suggestedFilename()).toBe('demo-district-ratings.csv');
    visited.add('/assessments/:assessmentId/ratings.csv');

    // Evidence: upload a document from the browser, open it, change it, download it.
    await visit('/evidence', '/evidence');
    await visit('/evidence/new', '/evidence/new');
    await page.getByLabel('Title').fill('Gender pay gap report 2025');
    await page.getByLabel('A document to upload').check();
    await page.getByLabel('File').setInputFiles({
      name: 'gender-pay-gap-2025.pdf',
      mimeType: 'application/pdf',
      buffer: minimalPdf(),
    });
    await page.getByRole('button', { name: 'Save evidence' }).click();
    await checkPage(page, problems, 'evidence item');
    visited.add('/evidence/:evidenceId');
    const evidencePath = new URL(page.url()).pathname;
    const [evidenceFile] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /Download gender-pay-gap-2025.pdf/ }).click(),
    ]);
    expect(evidenceFile.suggestedFilename()).toBe('gender-pay-gap-2025.pdf');
    visited.add('/evidence/:evidenceId/file');
    await visit(`${evidencePath}/edit`, '/evidence/:evidenceId/edit');

    // A newer file replaces it and the earlier one stays listed; then it is withdrawn and restored.
    await page.goto(`${server.baseUrl}${evidencePath}`);
    await page.getByLabel('Upload a newer version').setInputFiles({
      name: 'gender-pay-gap-2026.pdf',
      mimeType: 'application/pdf',
      buffer: minimalPdf('2026 figures'),
    });
    await page.getByRole('button', { name: 'Replace the file' }).click();
    await checkPage(page, problems, 'evidence with an earlier file');
    await expect(page.getByRole('link', { name: /Download gender-pay-gap-2026.pdf/ }).count()).resolves.toBe(
      1,
    );
    await expect(page.getByRole('link', { name: /gender-pay-gap-2025.pdf/ }).count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Withdraw the evidence' }).click();
    await checkPage(page, problems, 'withdrawing without a reason');
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Say why the evidence is being withdrawn',
    );
    await page.getByLabel('Why is it being withdrawn?').fill('Published in error: draft figures');
    await page.getByRole('button', { name: 'Withdraw the evidence' }).click();
    await checkPage(page, problems, 'withdrawn evidence');
    await expect(page.locator('main').textContent()).resolves.toContain('Published in error: draft figures');
    await page.getByRole('button', { name: 'Restore the evidence' }).click();
    await checkPage(page, problems, 'restored evidence');
    await expect(page.getByRole('button', { name: 'Withdraw the evidence' }).count()).resolves.toBe(1);

    // Frameworks: the catalogue, one definition, loading and comparing.
    await visit('/frameworks', '/frameworks');
    await visit('/frameworks/eflg-2021%402021', '/frameworks/:definitionKey');
    const exportHref = await page
      .getByRole('button', { name: 'Export the definition (JSON)' })
      .getAttribute('href');
    const exported = await page.request.get(`${server.baseUrl}${exportHref}`);
    expect(exported.headers()['content-disposition']).toBe('attachment; filename="eflg-2021-2021.json"');
    expect((await exported.json()).id).toBe('eflg-2021');
    visited.add('/frameworks/:definitionKey/export');
    await visit('/frameworks/import', '/frameworks/import');
    await visit('/frameworks/compare?from=eflg-2009%402009&to=eflg-2012%402012', '/frameworks/compare');

    // Knowing your communities: boundaries, then a census table, each previewed and confirmed; a profile.
    await visit('/data', '/data');
    await visit('/data/import', '/data/import');
    await page.getByLabel('The file').setInputFiles(sharedFile('data/boundaries/sussex_ltla_2022.geojson'));
    await page.getByRole('button', { name: 'Check the file' }).click();
    await checkPage(page, problems, 'boundary preview');
    await page.getByRole('button', { name: 'Import it' }).click();
    await checkPage(page, problems, 'areas added');
    await page.goto(`${server.baseUrl}/data/import`);
    await page
      .getByLabel('The file')
      .setInputFiles(sharedFile('data/census/lsoa/sussex_ts021_ethnic_group_lsoa_nomis.csv'));
    await page.getByRole('button', { name: 'Check the file' }).click();
    await checkPage(page, problems, 'census preview');
    visited.add('/data/import/:uploadId');
    walked.push(new URL(page.url()).pathname);
    await expect(page.locator('main').textContent()).resolves.toContain('Ethnic group, Census 2021 (TS021)');
    await page.getByRole('button', { name: 'Import it' }).click();
    await checkPage(page, problems, 'census imported');
    await page.getByRole('link', { name: 'Profile of Adur' }).click();
    await checkPage(page, problems, 'Adur profile');
    visited.add('/data/areas/:areaCode');
    walked.push('/data/areas/E07000223');
    await expect(page.locator('main').textContent()).resolves.toContain('The largest group in Adur is White');
    await expect(page.locator('svg.app-chart').count()).resolves.toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'community-profile.png'), fullPage: true });
    const [profileCsv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download the profile of Adur (CSV)' }).click(),
    ]);
    expect(profileCsv.suggestedFilename()).toBe('profile-E07000223.csv');
    visited.add('/data/areas/:areaCode/profile.csv');
    // Switching area: down to one of its small areas, and back up by "Part of".
    await page.getByRole('link', { name: 'Adur 001A' }).click();
    await checkPage(page, problems, 'an LSOA profile');
    await expect(page.locator('h1').textContent()).resolves.toBe('Adur 001A');
    await page.getByRole('link', { name: 'Adur', exact: true }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Adur');
    // Its own area, made from two of Adur's LSOAs.
    await visit('/data/areas/custom/new', '/data/areas/custom/new');
    await page.getByLabel('Name').fill('Sompting estate');
    await page.getByLabel('The areas it is made of').fill('E01031349\nE01031350');
    await page.getByRole('button', { name: 'Make the area' }).click();
    await checkPage(page, problems, 'custom area profile');
    await expect(page.locator('main').textContent()).resolves.toContain('Made of 2 areas');
    // A map of the authorities, chosen and read by keyboard: the options form, the areas one by
    // one with the arrow keys (the tooltip says each one's figure), and the SVG download.
    await visit('/data/maps', '/data/maps');
    await page.getByLabel('Group', { exact: true }).focus();
    await page.keyboard.press('End');
    await page.getByLabel('Natural breaks').focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Show the map' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/method=jenks/);
    await checkPage(page, problems, 'a map in natural breaks');
    await expect(page.locator('h2#map-heading').textContent()).resolves.toContain('Other ethnic group');
    await page.locator('svg.app-map path[tabindex="0"]').focus();
    const firstArea = await page.locator('.app-map-tooltip').textContent();
    await page.keyboard.press('ArrowRight');
    const secondArea = await page.locator('.app-map-tooltip').textContent();
    expect(firstArea).toMatch(/^Adur: \d+\.\d%$/);
    expect(secondArea).toMatch(/^Arun: \d+\.\d%$/);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(secondArea);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'map.png'), fullPage: false });
    const [mapSvg] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download the map (SVG)' }).click(),
    ]);
    expect(mapSvg.suggestedFilename()).toBe('map-lad-other.svg');
    visited.add('/data/maps/map.svg');

    // Service monitoring, keyboard only: the demo's services and gaps, the question bank, a new
    // service with its catchment, a period imported from a person-level file, and the comparison.
    await visit('/monitoring', '/monitoring');
    await expect(page.locator('main').textContent()).resolves.toContain('Where are the gaps');
    await visit('/monitoring/questions', '/monitoring/questions');
    await visit('/monitoring/services/new', '/monitoring/services/new');
    await page.getByLabel('Name of the service').focus();
    await page.keyboard.type('Leisure centres');
    await page.getByLabel('The area it serves').focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('button', { name: 'Add the service' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/import\?added$/);
    await checkPage(page, problems, 'monitoring import');
    visited.add('/monitoring/services/:serviceId/import');
    walked.push(new URL(page.url()).pathname);
    await page.getByLabel('Period').focus();
    await page.keyboard.type('2025-26');
    const leisureUsers = ['Ethnic group,Disability,Sex,Age band,Member number'];
    for (let index = 0; index < 400; index += 1)
      leisureUsers.push(
        [
          index % 9 === 0 ? 'Indian' : index % 13 === 0 ? 'Prefer not to say' : 'White British',
          index % 6 === 0 ? 'Yes' : 'No',
          index % 2 ? 'Female' : 'Male',
          ['16 to 24', '25 to 34', '45 to 54', '65 to 74'][index % 4],
          `M${index}`,
        ].join(','),
      );
    await page.getByLabel('The file').setInputFiles({
      name: 'leisure.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(leisureUsers.join('\n')),
    });
    await page.getByRole('button', { name: 'Import it' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/monitoring\/services\/[^/]+\?imported$/);
    await checkPage(page, problems, 'monitoring comparison');
    visited.add('/monitoring/services/:serviceId');
    walked.push(new URL(page.url()).pathname);
    const comparison = await page.locator('main').textContent();
    expect(comparison).toContain('The monitoring for 2025-26 was imported');
    expect(comparison).toMatch(/\d+% of people answered/);
    expect(comparison).toContain('Data gaps');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'monitoring.png'), fullPage: true });
    // The dataset's own page, shared with a partner; and what partners share with the district.
    await page.goto(`${server.baseUrl}/data`);
    await page.getByRole('link', { name: 'Ethnic group, Census 2021' }).first().click();
    await checkPage(page, problems, 'dataset page');
    visited.add('/data/datasets/:datasetId');
    walked.push(new URL(page.url()).pathname);
    const county = await server.equalis.services.organisations.create(
      { userId: null, label: 'Browser test' },
      { name: 'West Sussex County Council', slug: 'west-sussex-county' },
    );
    await page.getByLabel('The partner’s short name on Equalis').fill('west-sussex-county');
    await page.getByLabel('Why you are sharing it').fill('The joint strategic needs assessment');
    await page.getByRole('button', { name: 'Share' }).click();
    await checkPage(page, problems, 'dataset shared');
    // And the county shares its own figures back: the district reads them, published, read-only.
    const services = server.equalis.services;
    const browserActor = { userId: null, label: 'Browser test' };
    await services.communities.importBoundaries(
      browserActor,
      county.id,
      'ltla.geojson',
      fs.readFileSync(sharedFile('data/boundaries/sussex_ltla_2022.geojson'), 'utf8'),
    );
    const countyData = await services.communities.importDataset(
      browserActor,
      county.id,
      'ts021.csv',
      fs.readFileSync(sharedFile('data/census/lsoa/sussex_ts021_ethnic_group_lsoa_nomis.csv'), 'utf8'),
    );
    await services.datasetSharing.share(browserActor, county.id, countyData.datasets[0]!.datasetId, {
      partner: 'demo-district',
      purpose: 'Shared intelligence for the county’s districts',
    });
    await visit('/data/shared', '/data/shared');
    await page.getByRole('link', { name: 'Ethnic group, Census 2021' }).click();
    await checkPage(page, problems, 'a dataset shared with us');
    visited.add('/data/shared/:shareId');
    walked.push(new URL(page.url()).pathname);
    await page.getByLabel('Kind of area').selectOption('lsoa');
    await page.getByRole('button', { name: 'Show' }).click();
    await checkPage(page, problems, 'shared small areas');
    await visit('/data/areas', '/data/areas');
    await visit('/data/catalogue', '/data/catalogue');
    await visit('/data/catalogue/new', '/data/catalogue/new');
    await page.getByLabel('What the data is').fill('Leisure centre members’ monitoring');
    await page.getByLabel('Service', { exact: true }).fill('Leisure');
    await page.getByLabel('Owner', { exact: true }).fill('Leisure services manager');
    await page.getByLabel('Disability').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await checkPage(page, problems, 'catalogue saved');
    await page.getByRole('link', { name: 'Leisure centre members’ monitoring' }).click();
    await checkPage(page, problems, 'catalogue entry');
    visited.add('/data/catalogue/:entryId/edit');
    walked.push(new URL(page.url()).pathname);

    // Workforce: the demo's payroll and its pay gaps, the GOV.UK CSV, and importing another snapshot.
    await server.equalis.services.gpgRegister.importYear(
      fs.readFileSync(sharedFile('data/paygap/UK Gender Pay Gap Data - 2021 to 2022.csv'), 'utf8'),
    );
    await visit('/workforce', '/workforce');
    await page
      .getByRole('link', { name: /^Pay gaps on/ })
      .first()
      .click();
    await checkPage(page, problems, 'pay gaps');
    visited.add('/workforce/pay-gaps/:snapshotId');
    walked.push(new URL(page.url()).pathname);
    await expect(page.locator('main').textContent()).resolves.toMatch(/Women’s mean hourly pay is [\d.]+%/);
    await expect(page.locator('main').textContent()).resolves.toMatch(
      /of the 316 councils reporting have a smaller mean hourly gap/,
    );
    const [gpgCsv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /GOV.UK gender pay gap service’s columns/ }).click(),
    ]);
    expect(gpgCsv.suggestedFilename()).toMatch(/^gender-pay-gap-\d{4}-03-31\.csv$/);
    visited.add('/workforce/pay-gaps/:snapshotId/gender-pay-gap.csv');
    await page.goto(`${server.baseUrl}/workforce`);
    await page
      .getByRole('link', { name: /^Workforce profile on/ })
      .first()
      .click();
    await checkPage(page, problems, 'workforce profile');
    visited.add('/workforce/profile/:snapshotId');
    walked.push(new URL(page.url()).pathname);
    await expect(page.locator('main').textContent()).resolves.toContain('against the residents of');
    const [diversity] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download in the Open Innovations layout (CSV)' }).click(),
    ]);
    expect(diversity.suggestedFilename()).toBe('diversity-data.csv');
    visited.add('/workforce/profile/:snapshotId/open-innovations.csv');
    await page
      .getByLabel('Another organisation’s published file')
      .setInputFiles(sharedFile('data/workforce/leeds-city-region-workforce-diversity.csv'));
    await page.getByRole('button', { name: 'Compare' }).click();
    await checkPage(page, problems, 'workforce compared');
    await expect(page.locator('main').textContent()).resolves.toContain('Calderdale Council');
    await visit('/workforce/journeys', '/workforce/journeys');
    await page.getByLabel('What it is').fill('Recruitment 2025–26 by ethnicity');
    await page.getByLabel('The counts (CSV)').setInputFiles({
      name: 'recruitment.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'Stage,White,Black Asian and minority ethnic\nApplied,1200,600\nShortlisted,300,100\nAppointed,60,10\n',
      ),
    });
    await page.getByRole('button', { name: 'Import it' }).click();
    await checkPage(page, problems, 'employee journey');
    visited.add('/workforce/journeys/:journeyId');
    walked.push(new URL(page.url()).pathname);
    await expect(page.locator('main').textContent()).resolves.toContain(
      'White more likely than Black Asian and minority ethnic',
    );
    await visit('/workforce/import', '/workforce/import');
    await page.getByLabel('Year').fill('2025');
    await page.getByLabel('The payroll file').setInputFiles({
      name: 'payroll-2025.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(demoPayrollFile()),
    });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await checkPage(page, problems, 'payroll preview');
    visited.add('/workforce/import/:payrollUploadId');
    walked.push(new URL(page.url()).pathname);
    await page.getByRole('button', { name: 'Import it' }).click();
    await checkPage(page, problems, 'payroll imported');

    // Peer challenge: the demo's challenge, a recommendation answered and turned into an action
    // by keyboard, the visit's details, then the real report of seed 004 imported.
    await visit('/challenges', '/challenges');
    await page.getByRole('link', { name: 'Equality Framework peer challenge' }).click();
    await checkPage(page, problems, 'peer challenge');
    visited.add('/challenges/:challengeId');
    walked.push(new URL(page.url()).pathname);
    const challengePage = await page.locator('main').textContent();
    expect(challengePage).toContain('Progress towards the re-visit');
    expect(challengePage).toContain('Understanding and working with your communities');
    await page.getByRole('link', { name: 'Change', exact: false }).first().click();
    await checkPage(page, problems, 'peer challenge details');
    visited.add('/challenges/:challengeId/details');
    walked.push(new URL(page.url()).pathname);
    const challengePath = new URL(page.url()).pathname.replace(/\/details$/, '');
    await visit(`${challengePath}/findings/new`, '/challenges/:challengeId/findings/new');
    await page.goto(`${server.baseUrl}${challengePath}`);
    await page.getByRole('link', { name: /^Agree targets for a workforce/ }).click();
    await checkPage(page, problems, 'peer challenge recommendation');
    visited.add('/challenges/findings/:findingId');
    walked.push(new URL(page.url()).pathname);
    await page.getByLabel('New action').focus();
    await page.keyboard.type('Set workforce targets for disabled and ethnic minority staff');
    await page.getByRole('button', { name: 'Add the action to the plan' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\?raised=/);
    await checkPage(page, problems, 'action raised from a recommendation');
    await expect(page.locator('main').textContent()).resolves.toContain(
      'Set workforce targets for disabled and ethnic minority staff',
    );
    await visit('/challenges/import', '/challenges/import');
    await page.getByLabel('Report file').setInputFiles({
      name: 'oxford-peer-challenge.txt',
      mimeType: 'text/plain',
      buffer: fs.readFileSync(sharedFile('seeds/004_d0a2a51aae0826e0.txt')),
    });
    await page.getByRole('button', { name: 'Read the report' }).click();
    await checkPage(page, problems, 'peer challenge preview');
    visited.add('/challenges/import/:challengeImportId');
    walked.push(new URL(page.url()).pathname);
    await expect(page.locator('main').textContent()).resolves.toContain('30 responses from the council');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'challenge-preview.png'), fullPage: false });
    await page.getByLabel('Title').fill('Oxford peer challenge, 2012 (imported)');
    await page.getByRole('group', { name: 'Date of the visit' }).getByLabel('Day').fill('27');
    await page.getByRole('group', { name: 'Date of the visit' }).getByLabel('Month').fill('3');
    await page.getByRole('group', { name: 'Date of the visit' }).getByLabel('Year').fill('2012');
    await page.getByRole('button', { name: 'Import the peer challenge' }).click();
    await page.waitForURL(/\/challenges\/[^/]+\?imported$/);
    await checkPage(page, problems, 'peer challenge imported');
    await expect(page.locator('main').textContent()).resolves.toContain(
      'Peer challenge imported with 93 findings',
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'challenge.png'), fullPage: false });

    // Impact assessments: the register, the budget round's cumulative impact, one proposal and
    // each of its sections, the template, and a new assessment started by keyboard.
    await visit('/impact-assessments', '/impact-assessments');
    await page.getByRole('link', { name: 'Budget proposals 2027/28' }).click();
    await checkPage(page, problems, 'programme matrix');
    visited.add('/impact-assessments/programmes/:programmeId');
    walked.push(new URL(page.url()).pathname);
    await expect(page.locator('main').textContent()).resolves.toContain(
      'Across 10 proposals, adverse impacts fall on more than one proposal for',
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'eqia-matrix.png'), fullPage: true });
    const committeeReport = await page.context().request.get(`${page.url()}/report.docx`);
    expect(committeeReport.headers()['content-type']).toContain('wordprocessingml');
    visited.add('/impact-assessments/programmes/:programmeId/report.docx');
    await page.getByRole('link', { name: 'Merge the two day centres' }).click();
    await checkPage(page, problems, 'impact assessment');
    visited.add('/impact-assessments/:assessmentId');
    const assessmentPath = new URL(page.url()).pathname;
    walked.push(assessmentPath);
    await expect(page.locator('main').textContent()).resolves.toContain(
      'Offer every day centre user a place',
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'eqia.png'), fullPage: true });
    for (const section of ['details', 'screening', 'impacts', 'outcome']) {
      await visit(`${assessmentPath}/${section}`, `/impact-assessments/:assessmentId/${section}`);
    }
    await visit('/impact-assessments/template', '/impact-assessments/template');
    await visit('/impact-assessments/new', '/impact-assessments/new');
    await page.getByLabel('What is being assessed').focus();
    await page.keyboard.type('Relocate the Harbour Road office');
    await page.getByRole('button', { name: 'Start the assessment' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/screening\?started$/);
    await checkPage(page, problems, 'new assessment screening');

    // A critical friend without an account: a link made on the day centres' page, opened by
    // someone not signed in, who comments by keyboard.
    await page.goto(`${server.baseUrl}${assessmentPath}`);
    await expect(page.locator('main').textContent()).resolves.toContain('Pat Morgan');
    await page.getByLabel('Their name').fill('Ceri Jones');
    await page.getByLabel('Their group or organisation (optional)').fill('Older People’s Forum');
    await page.getByRole('button', { name: 'Make a review link' }).click();
    await checkPage(page, problems, 'review link made');
    const reviewUrl = await page.getByLabel('Review link').inputValue();
    const friendContext = await browser.newContext();
    const friendPage = await friendContext.newPage();
    const friendProblems = watchForProblems(friendPage);
    await friendPage.goto(`${server.baseUrl}${new URL(reviewUrl).pathname}`);
    await checkPage(friendPage, friendProblems, 'review by link');
    await friendPage.getByLabel('Your comment as a critical friend').focus();
    await friendPage.keyboard.type('Will the transport run in the school holidays too?');
    await friendPage.getByRole('button', { name: 'Add the comment' }).focus();
    await friendPage.keyboard.press('Enter');
    await friendPage.waitForURL(/\?commented$/);
    await checkPage(friendPage, friendProblems, 'review by link, commented');
    await friendContext.close();
    visited.add('/review/:token');

    // The public register: the signed-off library assessment, read and commented on by a
    // resident, and its Word download.
    const resident = await browser.newContext();
    const residentPage = await resident.newPage();
    const residentProblems = watchForProblems(residentPage);
    await residentPage.goto(`${server.baseUrl}/p/demo-district/impact-assessments`);
    await checkPage(residentPage, residentProblems, 'the public register');
    await residentPage.getByRole('link', { name: 'Reduce library opening hours' }).click();
    await checkPage(residentPage, residentProblems, 'a published assessment');
    await expect(residentPage.locator('main').textContent()).resolves.toContain(
      'It finds adverse impacts on 2 characteristics',
    );
    await residentPage.screenshot({ path: path.join(SCREENSHOTS, 'eqia-public.png'), fullPage: true });
    const download = await resident.request.get(`${residentPage.url()}/document.docx`);
    expect(download.headers()['content-type']).toContain('wordprocessingml');
    await residentPage.getByLabel('Your comment').focus();
    await residentPage.keyboard.type('Please keep the Saturday hours.');
    await residentPage.getByRole('button', { name: 'Send your comment' }).focus();
    await residentPage.keyboard.press('Enter');
    await residentPage.waitForURL(/comment-received$/);
    await checkPage(residentPage, residentProblems, 'public comment received');
    expect(await resident.cookies()).toEqual([]);
    await resident.close();
    for (const url of [
      '',
      '/:publicationId',
      '/:publicationId/document.docx',
      '/:publicationId/comment-received',
    ])
      visited.add(`/p/:organisation/impact-assessments${url}`);

    await visit('/jobs', '/jobs');
    await expect(page.locator('main').textContent()).resolves.toContain('Daily reminder digests');

    // The public page: what staff see of it, then the page itself, read by someone not signed in.
    await visit('/publication', '/publication');
    await expect(page.locator('main').textContent()).resolves.toContain('Six-month progress report');
    const visitor = await browser.newContext();
    const publicPage = await visitor.newPage();
    const publicProblems = watchForProblems(publicPage);
    const response = await publicPage.goto(`${server.baseUrl}/p/demo-district`);
    expect(response?.headers()['cache-control']).toMatch(/^public/);
    await checkPage(publicPage, publicProblems, 'the public page');
    // The Design System's inline script ran: its hash in the policy let it.
    await expect(publicPage.locator('body.js-enabled').count()).resolves.toBe(1);
    expect(await visitor.cookies()).toEqual([]);
    // In Welsh, through the language switcher, by keyboard.
    await publicPage.getByRole('link', { name: 'Newid yr iaith i’r Gymraeg' }).focus();
    await publicPage.keyboard.press('Enter');
    await publicPage.waitForURL(/lang=cy/);
    await checkPage(publicPage, publicProblems, 'the public page in Welsh');
    expect(await publicPage.getAttribute('html', 'lang')).toBe('cy');
    await expect(publicPage.locator('h1').textContent()).resolves.toBe(
      'Amcanion cydraddoldeb a chynllun gweithredu',
    );
    await publicPage.setViewportSize({ width: 375, height: 800 });
    expect(await publicPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await publicPage.screenshot({ path: path.join(SCREENSHOTS, 'public-page.png'), fullPage: true });
    await visitor.close();
    visited.add('/p/:organisation');

    // Every GET page route in the app has been visited (JSON probes and assets aside).
    const pages = server.equalis.routes
      .filter(
        (route) =>
          route.method === 'GET' &&
          !route.url.startsWith('/assets/') &&
          !['/health', '/info'].includes(route.url),
      )
      .map((route) => route.url);
    expect(pages.filter((url) => !visited.has(url))).toEqual([]);

    // The same pages again in Welsh, chosen with the language switcher by keyboard: each is
    // axe-clean with lang="cy", and its heading is no longer the English one.
    await page.goto(`${server.baseUrl}/`);
    const englishHeading = await page.locator('h1').textContent();
    await page.getByRole('button', { name: 'Newid yr iaith i’r Gymraeg' }).focus();
    await page.keyboard.press('Enter');
    // The switch posts, then comes back to this page: wait for the Welsh one to arrive.
    await page.waitForFunction(() => document.documentElement.lang === 'cy');
    expect(await page.locator('h1').textContent()).not.toBe(englishHeading);
    for (const url of walked) {
      await page.goto(`${server.baseUrl}${url}`);
      await checkPage(page, problems, `${url} in Welsh`);
      expect(await page.getAttribute('html', 'lang'), `lang of ${url} in Welsh`).toBe('cy');
    }
    await page.goto(`${server.baseUrl}/plan`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'plan-in-welsh.png'), fullPage: false });
    // Back to English, so the other journeys find their words.
    await page.getByRole('button', { name: 'Change the language to English' }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await context.close();
    // Every page of the service, twice, each with a full axe run: far longer than one journey.
  }, 300_000);

  it('imports a plan with the council’s own column names, adjusting one column, keyboard and axe clean', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = watchForProblems(page);
    await signIn(page, server.baseUrl, LEAD, DEMO_PASSWORD);
    await page.goto(`${server.baseUrl}/plan/import`);
    const plan = [
      'Theme;Ref.;What we will do;By when;Responsible officer;Notes',
      'Knowing our communities;20.1;Publish ward equality profiles from the 2021 census;Q3 2026/27;Priya Shah;Ask the data team first',
      'Knowing our communities;20.2;Map service users against the population for every front-line service;March 2027;Tom Evans;',
      'Workforce;21.1;Publish the ethnicity pay gap alongside the gender pay gap;by end of 2026/27;Jane Harris;Board agreed',
    ].join('\r\n');
    await page.getByLabel('Word, Excel, CSV or text file').setInputFiles({
      name: 'our-plan.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(plan),
    });
    await page.getByRole('button', { name: /Upload and check/ }).click();
    await checkPage(page, problems, 'import preview with columns');
    await expect(page.locator('main').textContent()).resolves.toContain('We read your columns like this');
    await expect(page.locator('main').textContent()).resolves.toContain('separated by semicolons');
    // Notes would become progress; this council wants them left out.
    await page.getByLabel('Read “Notes” as').selectOption('ignore');
    await page.getByRole('button', { name: 'Read the plan again with these columns' }).click();
    await checkPage(page, problems, 'import preview after choosing columns');
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain(
      'read again with the columns you chose',
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'import-columns.png'), fullPage: true });
    await page.getByRole('button', { name: 'Import 3 actions' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/plan\?imported=3/);
    await checkPage(page, problems, 'plan after a mapped import');
    await expect(page.locator('main').textContent()).resolves.toContain(
      'Publish the ethnicity pay gap alongside the gender pay gap',
    );

    // Publish a version, change an action in place, and see the change in the comparison.
    await page.goto(`${server.baseUrl}/plan/versions`);
    await page.getByLabel('Name of the version').fill('Before the review');
    await page.getByRole('button', { name: 'Publish this version' }).click();
    await page.goto(`${server.baseUrl}/plan`);
    await page
      .getByRole('link', { name: /Publish the ethnicity pay gap alongside/ })
      .first()
      .click();
    await page.getByRole('link', { name: 'Change this action' }).click();
    await checkPage(page, problems, 'change an action');
    await page
      .getByLabel('What the action will do')
      .fill('Publish the ethnicity and disability pay gaps with the gender pay gap');
    await page.getByLabel('Completion target').fill('Q4 2026/27');
    await page.getByRole('button', { name: 'Save the action' }).click();
    await checkPage(page, problems, 'changed action');
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain(
      'The action was changed',
    );
    await page.goto(`${server.baseUrl}/plan/versions`);
    await page.getByRole('button', { name: 'Compare' }).click();
    await checkPage(page, problems, 'comparison with an edit');
    await expect(page.locator('main').textContent()).resolves.toContain('wording, target');
    await context.close();
  });

  it('keeps error states accessible: validation errors, wrong password, and an edit conflict', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = watchForProblems(page);

    await page.goto(`${server.baseUrl}/sign-in`);
    await page.getByLabel('Email address').fill(ADMIN);
    await page.getByLabel('Password', { exact: true }).fill('wrong password here');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.title()).resolves.toMatch(/^Error: Sign in/);
    await checkPage(page, problems, 'sign-in error');

    await signIn(page, server.baseUrl, ADMIN, DEMO_PASSWORD);
    await page.goto(`${server.baseUrl}/settings`);
    await page.getByLabel('Brand colour (optional)').fill('#fff000');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.title()).resolves.toMatch(/^Error:/);
    // The error summary takes focus and links to the field (GOV.UK pattern).
    await page.waitForFunction(
      () => document.activeElement?.classList.contains('govuk-error-summary'),
      null,
      { timeout: 5000 },
    );
    await checkPage(page, problems, 'settings with an error');

    // Two admins edit the same settings: the second sees both versions.
    const other = await browser.newContext().then((c) => c.newPage());
    await signIn(other, server.baseUrl, ADMIN, DEMO_PASSWORD);
    await page.goto(`${server.baseUrl}/settings`);
    await other.goto(`${server.baseUrl}/settings`);
    await other.getByLabel('Organisation name').fill('Demo District Council (renamed)');
    await other.getByRole('button', { name: 'Save changes' }).click();
    await page.getByLabel('Organisation name').fill('Demo District Council (mine)');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.locator('h1').textContent()).resolves.toContain('Someone else changed this');
    await checkPage(page, problems, 'edit conflict');
    await expect(page.locator('table').textContent()).resolves.toContain('Demo District Council (mine)');
    await context.close();
  });
});

describe('keyboard and multi-organisation use', () => {
  it('signs in with the keyboard alone, starting from the skip link', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.baseUrl}/sign-in`);
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent?.trim())).resolves.toBe(
      'Skip to main content',
    );
    await page.keyboard.press('Enter');
    // Tab forward to the email field, then type and move through the form.
    for (let i = 0; i < 10; i += 1) {
      if (await page.evaluate(() => document.activeElement?.id === 'email')) break;
      await page.keyboard.press('Tab');
    }
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('email');
    await page.keyboard.type(LEAD);
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.baseUrl}/`);
    await expect(page.locator('h1').textContent()).resolves.toContain('Dashboard');
    await page.close();
  });

  it('lets the partnership officer switch between the district and the county', async () => {
    const page = await browser.newPage();
    const problems = watchForProblems(page);
    await signIn(page, server.baseUrl, LEAD, DEMO_PASSWORD);
    await page.getByRole('link', { name: 'Switch organisation' }).first().click();
    await checkPage(page, problems, 'switch organisation');
    await page.getByLabel('Demo County Council').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.locator('.govuk-generic-header').textContent()).resolves.toContain(
      'Demo County Council',
    );
    await checkPage(page, problems, 'county dashboard');
    await page.close();
  });

  it('looks like a GOV.UK-pattern service (screenshot for people to look at)', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await signIn(page, server.baseUrl, ADMIN, DEMO_PASSWORD);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard.png'), fullPage: true });
    const header = await page.locator('.govuk-generic-header').textContent();
    expect(header).toContain('Demo District Council');
    // Council services must not wear the crown or the GOV.UK logotype.
    expect(await page.locator('.govuk-header__logotype, .govuk-footer__crown').count()).toBe(0);
    const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    expect(font).not.toContain('GDS Transport');
    await page.close();
  });
});
