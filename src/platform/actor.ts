import type { FastifyRequest } from 'fastify';
import type { Actor } from './audit/audit.ts';
import type { Role } from './roles.ts';

/** The person behind a request, as the audit log names them. Only used on signed-in routes. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.user) throw new Error('actorOf() called on a request without a signed-in user');
  return {
    userId: request.user.id,
    label: `${request.user.displayName} (${request.user.email})`,
    requestId: request.id,
  };
}

/** The organisation the request works in. Only used on routes that require membership. */
export function organisationIdOf(request: FastifyRequest): string {
  if (!request.organisation) throw new Error('organisationIdOf() called outside an organisation');
  return request.organisation.organisationId;
}

/** Who is looking, for services that show different things to insiders and peer assessors. */
export function viewerOf(request: FastifyRequest): { userId: string | null; role: Role } {
  if (!request.organisation) throw new Error('viewerOf() called outside an organisation');
  return { userId: request.user?.id ?? null, role: request.organisation.role };
}
