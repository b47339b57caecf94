import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { JobRunRow, JobsRepo } from './jobs.repo.ts';

/**
 * The service's timers in one place. Each job says how often it runs; every server ticks, but a
 * run happens only where the job's lease was won (a single statement in the database), so across
 * several servers a job runs once per period, and a server that dies mid-run loses the lease when
 * it expires. The outcome of every run is kept for the admin page (infra has no HTTP: the jobs
 * feature shows it).
 */
export interface JobDefinition {
  /** Stable identifier, stored in the database. */
  name: string;
  /** What the admin page calls it. */
  title: string;
  /** How often it should run. */
  everyMs: number;
  /** What it does; resolves with a sentence for the admin page ("Sent 3 digests"). */
  run(): Promise<string>;
}

export interface JobStatus extends JobRunRow {
  title: string;
  everyMs: number;
  /** When it is next due (its last start plus its period), or null if it has never run. */
  nextDueAt: Date | null;
}

export interface JobLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** A run that takes longer than this loses its lease, so a dead server does not block the job for ever. */
const LEASE_MS = 15 * 60_000;
/** How often each server checks whether any job is due. */
const TICK_MS = 60_000;

export function createJobs(deps: { repo: JobsRepo; now?: () => Date; log: JobLog; holder?: string }) {
  const { repo, log } = deps;
  const now = deps.now ?? (() => new Date());
  const holder = deps.holder ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const jobs = new Map<string, JobDefinition>();
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<unknown> = Promise.resolve();

  async function runIfDue(job: JobDefinition): Promise<'ran' | 'not due'> {
    const at = now();
    const claimed = await repo.claim(
      job.name,
      holder,
      at,
      new Date(at.getTime() + LEASE_MS),
      new Date(at.getTime() - job.everyMs),
    );
    if (!claimed) return 'not due';
    let succeeded = true;
    let message: string;
    try {
      message = await job.run();
    } catch (error) {
      succeeded = false;
      message = error instanceof Error ? error.message : String(error);
      log.error({ err: error, job: job.name }, 'a scheduled job failed');
    }
    await repo.finish(job.name, holder, { at: now(), succeeded, message });
    return 'ran';
  }

  return {
    holder,

    register(job: JobDefinition): void {
      if (jobs.has(job.name)) throw new Error(`A job called ${job.name} is already registered`);
      jobs.set(job.name, job);
    },

    /** Runs every job that is due and not running elsewhere; resolves when they have finished. */
    async tick(): Promise<Record<string, 'ran' | 'not due'>> {
      const outcomes: Record<string, 'ran' | 'not due'> = {};
      for (const job of jobs.values()) {
        await repo.ensure(job.name);
        outcomes[job.name] = await runIfDue(job);
      }
      return outcomes;
    },

    /** Every registered job with its last run, for the admin page. */
    async status(): Promise<JobStatus[]> {
      const rows = new Map((await repo.list()).map((row) => [row.name, row]));
      return [...jobs.values()].map((job) => {
        const row = rows.get(job.name);
        return {
          name: job.name,
          title: job.title,
          everyMs: job.everyMs,
          leaseHolder: row?.leaseHolder ?? null,
          leaseUntil: row?.leaseUntil ?? null,
          lastStartedAt: row?.lastStartedAt ?? null,
          lastFinishedAt: row?.lastFinishedAt ?? null,
          lastOutcome: row?.lastOutcome ?? null,
          lastMessage: row?.lastMessage ?? null,
          runs: row?.runs ?? 0,
          failures: row?.failures ?? 0,
          nextDueAt: row?.lastStartedAt ? new Date(row.lastStartedAt.getTime() + job.everyMs) : null,
        };
      });
    },

    /** Starts ticking (the server does this; tests call tick themselves). */
    start(tickMs = TICK_MS): void {
      const tickSafely = () => {
        ticking = this.tick().catch((error: unknown) =>
          log.error({ err: error }, 'checking scheduled jobs failed'),
        );
      };
      tickSafely();
      timer = setInterval(tickSafely, tickMs);
      timer.unref();
    },

    /** Stops ticking and waits for a run in progress to finish. */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await ticking;
    },
  };
}

export type Jobs = ReturnType<typeof createJobs>;
