import type { JobDefinition } from '../../infra/jobs/jobs.ts';
import type { ReminderRun } from './reminders.service.ts';

/** The hour (0–23) on the clock in the UK at `now`, summer time included. */
export function ukHour(now: Date): number {
  return Number(
    new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone: 'Europe/London' }).format(
      now,
    ),
  );
}

/**
 * The daily reminder digests, checked every ten minutes and sent once the hour has come. Sending
 * is idempotent per person per day (reminder_log), so a check after the digests went out sends
 * nothing more.
 */
export function reminderJob(deps: {
  sendAll: () => Promise<ReminderRun[]>;
  hour: number;
  now: () => Date;
}): JobDefinition {
  return {
    name: 'reminders',
    title: 'Daily reminder digests',
    everyMs: 10 * 60_000,
    async run() {
      if (ukHour(deps.now()) < deps.hour)
        return `Waiting until ${String(deps.hour).padStart(2, '0')}:00 UK time`;
      const runs = await deps.sendAll();
      const sent = runs.reduce((total, run) => total + run.sent.length, 0);
      return sent === 1 ? 'Sent 1 digest' : `Sent ${sent} digests`;
    },
  };
}
