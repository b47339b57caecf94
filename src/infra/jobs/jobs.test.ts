import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/connect.ts';
import { createTestDatabase } from '../../../test/helpers/database.ts';
import { createJobsRepo } from './jobs.repo.ts';
import { createJobs, type JobDefinition } from './jobs.ts';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const quiet = { info() {}, error() {} };

/** Two servers sharing one database, each with its own clock reading the same moment. */
function twoServers(clock: { at: Date }, job: (server: string) => JobDefinition) {
  const repo = createJobsRepo(database.db);
  const servers = ['server-a', 'server-b'].map((holder) => {
    const jobs = createJobs({ repo, now: () => clock.at, log: quiet, holder });
    jobs.register(job(holder));
    return jobs;
  });
  return servers as [ReturnType<typeof createJobs>, ReturnType<typeof createJobs>];
}

describe('scheduled jobs', () => {
  it('runs a job once per period across servers ticking at the same moment', async () => {
    const clock = { at: new Date('2026-12-02T09:00:00Z') };
    const ranOn: string[] = [];
    const [a, b] = twoServers(clock, (server) => ({
      name: 'once-per-hour',
      title: 'Once an hour',
      everyMs: 3_600_000,
      async run() {
        ranOn.push(server);
        await new Promise((resolve) => setTimeout(resolve, 20));
        return `ran on ${server}`;
      },
    }));
    await Promise.all([a.tick(), b.tick()]);
    expect(ranOn).toHaveLength(1);
    // Half an hour later nothing is due; an hour after the start it is, once.
    clock.at = new Date('2026-12-02T09:30:00Z');
    await Promise.all([a.tick(), b.tick()]);
    expect(ranOn).toHaveLength(1);
    clock.at = new Date('2026-12-02T10:00:00Z');
    await Promise.all([b.tick(), a.tick()]);
    expect(ranOn).toHaveLength(2);
    const [status] = await a.status();
    expect(status).toMatchObject({ runs: 2, failures: 0, lastOutcome: 'succeeded', leaseHolder: null });
    expect(status!.lastMessage).toMatch(/^ran on server-[ab]$/);
    expect(status!.nextDueAt).toEqual(new Date('2026-12-02T11:00:00Z'));
  });

  it('records a failure with its message, and tries again when next due', async () => {
    const clock = { at: new Date('2026-12-02T09:00:00Z') };
    let attempts = 0;
    const [a] = twoServers(clock, () => ({
      name: 'flaky',
      title: 'Fails first',
      everyMs: 60_000,
      async run() {
        attempts += 1;
        if (attempts === 1) throw new Error('The mail server refused the connection');
        return 'fine';
      },
    }));
    await a.tick();
    expect((await a.status())[0]).toMatchObject({
      lastOutcome: 'failed',
      lastMessage: 'The mail server refused the connection',
      failures: 1,
    });
    clock.at = new Date('2026-12-02T09:01:00Z');
    await a.tick();
    expect((await a.status())[0]).toMatchObject({ lastOutcome: 'succeeded', runs: 2, failures: 1 });
  });

  it('lets another server take over a job whose server died mid-run, once the lease has run out', async () => {
    const clock = { at: new Date('2026-12-02T09:00:00Z') };
    const repo = createJobsRepo(database.db);
    await repo.ensure('orphaned');
    // A server claimed it and never finished.
    expect(
      await repo.claim(
        'orphaned',
        'dead-server',
        clock.at,
        new Date('2026-12-02T09:15:00Z'),
        new Date(clock.at.getTime() - 60_000),
      ),
    ).toBe(true);
    let ran = 0;
    const [, b] = twoServers(clock, () => ({
      name: 'orphaned',
      title: 'Orphaned',
      everyMs: 60_000,
      async run() {
        ran += 1;
        return 'done';
      },
    }));
    clock.at = new Date('2026-12-02T09:10:00Z');
    await b.tick();
    expect(ran).toBe(0);
    expect((await b.status())[0]!.leaseHolder).toBe('dead-server');
    clock.at = new Date('2026-12-02T09:16:00Z');
    await b.tick();
    expect(ran).toBe(1);
    // The dead server's late finish cannot overwrite the lease it lost.
    await repo.finish('orphaned', 'dead-server', { at: clock.at, succeeded: false, message: 'late' });
    expect((await b.status())[0]).toMatchObject({ lastOutcome: 'succeeded', lastMessage: 'done' });
  });

  it('refuses two jobs with one name', () => {
    const jobs = createJobs({ repo: createJobsRepo(database.db), log: quiet });
    const job: JobDefinition = { name: 'twice', title: 'Twice', everyMs: 1000, run: async () => '' };
    jobs.register(job);
    expect(() => jobs.register(job)).toThrow('already registered');
  });
});
