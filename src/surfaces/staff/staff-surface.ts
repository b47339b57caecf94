import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { enforceAccess } from '../../platform/authorisation.ts';
import { setUpCsrfProtection } from '../../platform/csrf.ts';
import { staffLocale } from '../../platform/language.ts';
import { readSessions, type SessionManager } from '../../platform/sessions.ts';

/** What a feature gives the staff surface: its routes, registered inside the surface's scope. */
export type StaffRoutes<Deps> = (scope: FastifyInstance, deps: Deps) => void;

export interface StaffSurfaceOptions<Deps> {
  sessions: SessionManager;
  uploadMaxMb: number;
  features: StaffRoutes<Deps>[];
  deps: Deps;
}

/**
 * The staff surface: everything people sign in to. Its hooks apply to its own routes only
 * (Fastify encapsulation), in this order: read the session, choose the language, enforce the route's access, check
 * the CSRF token (after the root's guard against unacceptable characters). Forms and uploads are parsed only here; the
 * public surface takes no input. Pages stay `no-store` (the root's default).
 */
export async function staffSurface<Deps>(
  staff: FastifyInstance,
  { sessions, uploadMaxMb, features, deps }: StaffSurfaceOptions<Deps>,
): Promise<void> {
  await staff.register(fastifyFormbody);
  // Uploads: fields and files are parsed before the CSRF check, which needs the token field.
  await staff.register(fastifyMultipart, {
    attachFieldsToBody: true,
    // Two files at most: a dataset and the metadata table that names its columns.
    limits: { fileSize: uploadMaxMb * 1024 * 1024, files: 2, fields: 40 },
  });
  readSessions(staff, sessions);
  staff.addHook('onRequest', async (request) => {
    request.locale = staffLocale(request);
  });
  enforceAccess(staff);
  setUpCsrfProtection(staff);
  for (const routes of features) routes(staff, deps);
}
