import type { FastifyInstance } from 'fastify';
import { membersWithRole } from '../../platform/access.ts';
import { ADMINS } from '../../platform/roles.ts';
import type { JobStatus } from '../../infra/jobs/jobs.ts';
import type { Translate } from '../../platform/i18n/i18n.ts';

export const jobsNavigation = [{ href: '/jobs', textKey: 'nav.jobs', roles: ADMINS }];

/** "every 10 minutes", "every hour": a job's period in words. */
export function periodInWords(everyMs: number, t: Translate): string {
  const minutes = Math.round(everyMs / 60_000);
  if (minutes % 60 === 0) {
    const hours = minutes / 60;
    return hours === 1 ? t('jobs.everyHour') : t('jobs.everyHours', { hours });
  }
  return minutes === 1 ? t('jobs.everyMinute') : t('jobs.everyMinutes', { minutes });
}

/** Administrators: the service's timers, when each last ran and how it went. */
export function jobsRoutes(
  app: FastifyInstance,
  { jobs }: { jobs: { status(): Promise<JobStatus[]> } },
): void {
  app.get('/jobs', { config: { access: membersWithRole(ADMINS) } }, async (request, reply) => {
    const statuses = await jobs.status();
    return reply.render('features/jobs/views/jobs.njk', {
      title: request.t('jobs.title'),
      jobs: statuses.map((job) => ({ ...job, period: periodInWords(job.everyMs, request.t) })),
    });
  });
}
