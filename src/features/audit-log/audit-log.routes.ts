import type { FastifyInstance } from 'fastify';
import { membersWithRole } from '../../platform/access.ts';
import { organisationIdOf } from '../../platform/actor.ts';
import { parseForm } from '../../platform/forms.ts';
import { ADMINS } from '../../platform/roles.ts';
import type { AuditLogService } from './audit-log.service.ts';
import { auditFilterQuery } from './audit-log.schema.ts';
import { idParam } from '../../platform/ids.ts';

export const auditLogNavigation = [{ href: '/audit', textKey: 'nav.auditLog', roles: ADMINS }];

/** Dates in the filter are whole UK days; "to" includes the day named. */
function dayStart(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}
function dayAfter(date: string): Date {
  return new Date(dayStart(date).getTime() + 86_400_000);
}

export function auditLogRoutes(app: FastifyInstance, { auditLog }: { auditLog: AuditLogService }): void {
  app.get('/audit', { config: { access: membersWithRole(ADMINS) } }, async (request, reply) => {
    const organisationId = organisationIdOf(request);
    const parsed = parseForm(auditFilterQuery, request.query, request.t);
    const facets = await auditLog.facets(organisationId);
    const query = request.query as Record<string, string>;
    if (!parsed.ok) {
      return reply.render(
        'features/audit-log/views/audit-log.njk',
        {
          title: request.t('nav.auditLog'),
          filters: query,
          facets,
          events: [],
          total: 0,
          page: 1,
          pageCount: 1,
          ...parsed,
        },
        400,
      );
    }
    const filters = parsed.data;
    const result = await auditLog.page(
      organisationId,
      {
        actorUserId: filters.actor,
        action: filters.action,
        entityType: filters.entityType,
        text: filters.text,
        from: filters.from ? dayStart(filters.from) : undefined,
        to: filters.to ? dayAfter(filters.to) : undefined,
      },
      filters.page,
    );
    const params = new URLSearchParams(
      Object.entries(query).filter(
        ([key, value]) => key !== 'page' && typeof value === 'string' && value !== '',
      ),
    );
    const pageHref = (page: number) => `/audit?${new URLSearchParams([...params, ['page', String(page)]])}`;
    return reply.render('features/audit-log/views/audit-log.njk', {
      title: request.t('nav.auditLog'),
      filters: query,
      facets,
      ...result,
      previousHref: result.page > 1 ? pageHref(result.page - 1) : undefined,
      nextHref: result.page < result.pageCount ? pageHref(result.page + 1) : undefined,
    });
  });

  app.get(
    '/audit/:eventId',
    { config: { access: membersWithRole(ADMINS), resource: 'auditEvent' } },
    async (request, reply) => {
      const eventId = idParam(request, 'eventId');
      const { event, fields } = await auditLog.event(organisationIdOf(request), eventId);
      return reply.render('features/audit-log/views/audit-event.njk', {
        title: event.summary,
        event,
        fields,
        backLink: '/audit',
      });
    },
  );
}
