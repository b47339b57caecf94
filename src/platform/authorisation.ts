import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Access, TenantResource } from './access.ts';
import { ForbiddenError } from './http-errors.ts';

/** Thrown when a signed-in person has no organisation to work in. */
export class NoOrganisationError extends ForbiddenError {
  constructor() {
    super('You are not a member of any organisation');
  }
}

export type Surface = 'staff' | 'public';

export interface RouteEntry {
  method: string;
  url: string;
  access: Access;
  resource?: TenantResource | undefined;
  surface: Surface;
}

/**
 * Refuses to register any route that does not say who may use it, and keeps the table of routes
 * (with the surface each is on) for the authorisation, tenancy and route-walk tests. Registered on
 * the root, so it sees the routes of both surfaces; a public-surface route must be public.
 */
export function recordRoutes(app: FastifyInstance, publicPrefix: string): RouteEntry[] {
  const routes: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    const methods = ([] as string[]).concat(route.method);
    if (!access) {
      // Files from node_modules served by @fastify/static are public by nature.
      if (route.url.startsWith('/assets/')) return;
      throw new Error(`Route ${methods.join(',')} ${route.url} does not declare config.access`);
    }
    const surface: Surface =
      route.url === publicPrefix || route.url.startsWith(`${publicPrefix}/`) ? 'public' : 'staff';
    if (surface === 'public' && access.kind !== 'public')
      throw new Error(`Route ${route.url} is on the public surface, so it must be public`);
    for (const method of methods) {
      if (method !== 'HEAD')
        routes.push({ method, url: route.url, access, resource: route.config?.resource, surface });
    }
  });
  return routes;
}

/**
 * Enforces each route's declaration on every request of the staff surface. It runs in
 * `onRequest`, straight after the session is read and before any body is parsed: an anonymous
 * or unauthorised upload is refused without reading (or buffering) a byte of it.
 */
export function enforceAccess(scope: FastifyInstance): void {
  scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const access = request.routeOptions.config?.access;
    if (!access || access.kind === 'public') return;
    if (!request.user) {
      const next = encodeURIComponent(request.method === 'GET' ? request.url : '/');
      const timedOut = request.sessionTimedOut ? '&timeout=1' : '';
      return reply.redirect(`/sign-in?next=${next}${timedOut}`, 303);
    }
    if (access.kind === 'signedIn') return;
    if (!request.organisation) throw new NoOrganisationError();
    if (!access.roles.includes(request.organisation.role)) throw new ForbiddenError();
  });
}
