import type { FastifyInstance } from 'fastify';
import { membersWithRole } from '../../platform/access.ts';
import { organisationIdOf } from '../../platform/actor.ts';
import { EVERY_ROLE, STAFF } from '../../platform/roles.ts';
import type { AuditLogService } from '../audit-log/audit-log.service.ts';
import type { EvidenceService } from '../evidence/evidence.service.ts';

export const dashboardNavigation = [{ href: '/', textKey: 'nav.dashboard', roles: EVERY_ROLE }];

export const RECENT_ACTIVITY_LIMIT = 10;

export function dashboardRoutes(
  app: FastifyInstance,
  deps: { auditLog: Pick<AuditLogService, 'recent'>; evidence: Pick<EvidenceService, 'staleOwnedBy'> },
): void {
  app.get('/', { config: { access: membersWithRole(EVERY_ROLE) } }, async (request, reply) => {
    const role = request.organisation!.role;
    const insider = STAFF.includes(role);
    const [recent, staleEvidence] = await Promise.all([
      // Peer assessors come from outside the organisation: its internal activity is not theirs to read.
      insider ? deps.auditLog.recent(organisationIdOf(request), RECENT_ACTIVITY_LIMIT) : undefined,
      // Evidence this person keeps that a peer team would now call out of date.
      insider ? deps.evidence.staleOwnedBy(organisationIdOf(request), request.user!.id) : [],
    ]);
    return reply.render('features/dashboard/views/dashboard.njk', {
      title: request.t('nav.dashboard'),
      recent,
      staleEvidence,
      canSeeAuditLog: role === 'admin',
    });
  });
}
