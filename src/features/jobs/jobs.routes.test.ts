import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganisation, type TestOrganisation } from '../../../test/helpers/fixtures.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { reminderJob, ukHour } from '../reminders/reminders.job.ts';
import { periodInWords } from './jobs.routes.ts';
import { t } from '../../platform/i18n/i18n.ts';

let app: TestApp;
let org: TestOrganisation;

beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'jobs-council');
});
afterAll(() => app.close());

describe('the scheduled jobs page', () => {
  it('shows administrators every job, then its last run and outcome once it has run', async () => {
    const admin = await app.clientFor(org.users.admin.id, org.organisation.id);
    const before = await admin.get('/jobs');
    expect(before.statusCode).toBe(200);
    expect(before.body).toContain('Remove ended sessions and old sign-in attempts');
    expect(before.body).toContain('Not yet run');
    await app.services.jobs.tick();
    const after = await admin.get('/jobs');
    expect(after.body).toMatch(/Removed \d+ ended sessions and \d+ old sign-in attempts/);
    expect(after.body).toContain('1 run, 0 failed');
    expect(after.body).toContain('Every hour');
  });

  it('is for administrators only', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    expect((await lead.get('/jobs')).statusCode).toBe(403);
  });
});

describe('the reminder job', () => {
  it('waits for the hour on the UK clock, then sends', async () => {
    let sent = 0;
    const at = { now: new Date('2026-07-01T05:30:00Z') }; // 06:30 in British Summer Time
    const job = reminderJob({
      hour: 7,
      now: () => at.now,
      sendAll: async () => {
        sent += 1;
        return [];
      },
    });
    expect(ukHour(at.now)).toBe(6);
    expect(await job.run()).toBe('Waiting until 07:00 UK time');
    at.now = new Date('2026-07-01T06:00:00Z');
    expect(await job.run()).toBe('Sent 0 digests');
    expect(sent).toBe(1);
    expect(ukHour(new Date('2026-12-01T07:00:00Z'))).toBe(7); // GMT in winter
  });

  it('says its period in words', () => {
    expect(periodInWords(10 * 60_000, t)).toBe('Every 10 minutes');
    expect(periodInWords(3_600_000, t)).toBe('Every hour');
    expect(periodInWords(24 * 3_600_000, t)).toBe('Every 24 hours');
  });
});
