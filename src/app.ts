import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Db } from './db/connect.ts';
import { assetRoutes } from './platform/assets/assets.routes.ts';
import { projectRoot } from './platform/assets/assets.ts';
import { setUpAuthorisation, type RouteEntry } from './platform/authorisation.ts';
import { setUpCsrfProtection } from './platform/csrf.ts';
import { setUpErrorPages } from './platform/errors.ts';
import { setUpInputGuard } from './platform/input-guard.ts';
import { setUpSecurityHeaders } from './platform/security.ts';
import { createSessionsRepo } from './platform/sessions.repo.ts';
import { setUpSessions, type SessionManager } from './platform/sessions.ts';
import { createViewEnvironment, setUpViews, type NavigationItem } from './platform/views.ts';
import { createServices, type RouteDeps, type Services } from './services.ts';
import { actionPlanNavigation, actionPlanRoutes } from './features/action-plan/action-plan.routes.ts';
import { auditLogNavigation, auditLogRoutes } from './features/audit-log/audit-log.routes.ts';
import { objectivesNavigation, objectivesRoutes } from './features/objectives/objectives.routes.ts';
import { groupsNavigation, groupsRoutes } from './features/groups/groups.routes.ts';
import { authRoutes } from './features/auth/auth.routes.ts';
import { dashboardNavigation, dashboardRoutes } from './features/dashboard/dashboard.routes.ts';
import {
  organisationsNavigation,
  organisationsRoutes,
} from './features/organisations/organisations.routes.ts';
import { pagesRoutes } from './features/pages/pages.routes.ts';
import { teamNavigation, teamRoutes } from './features/team/team.routes.ts';
import { frameworksNavigation, frameworksRoutes } from './features/frameworks/frameworks.routes.ts';
import { assessmentsNavigation, assessmentsRoutes } from './features/assessments/assessments.routes.ts';
import { evidenceNavigation, evidenceRoutes } from './features/evidence/evidence.routes.ts';

/** Each feature: its routes, and the entries it adds to the service navigation (in menu order). */
const features: { routes: (app: FastifyInstance, deps: RouteDeps) => void; navigation?: NavigationItem[] }[] =
  [
    { routes: dashboardRoutes, navigation: dashboardNavigation },
    { routes: objectivesRoutes, navigation: objectivesNavigation },
    { routes: actionPlanRoutes, navigation: actionPlanNavigation },
    { routes: assessmentsRoutes, navigation: assessmentsNavigation },
    { routes: evidenceRoutes, navigation: evidenceNavigation },
    { routes: frameworksRoutes, navigation: frameworksNavigation },
    { routes: groupsRoutes, navigation: groupsNavigation },
    { routes: teamRoutes, navigation: teamNavigation },
    { routes: auditLogRoutes, navigation: auditLogNavigation },
    { routes: organisationsRoutes, navigation: organisationsNavigation },
    { routes: authRoutes },
    { routes: pagesRoutes },
  ];

export interface AppDeps {
  config: Config;
  db: Db;
  /** The clock; tests move it to check timeouts and expiry. */
  now?: () => Date;
}

export interface EqualisApp {
  app: FastifyInstance;
  services: Services;
  sessions: SessionManager;
  /** Every route with its declared access, for the authorisation and tenancy tests. */
  routes: RouteEntry[];
}

export const version: string = JSON.parse(
  fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8'),
).version;

/**
 * The composition root: platform plugins in a fixed order, then every feature. No business logic
 * lives here. The server, the tests and the benchmarks all build the app through this function.
 */
export async function buildApp({ config, db, now = () => new Date() }: AppDeps): Promise<EqualisApp> {
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel, redact: ['req.headers.cookie'] },
    trustProxy: config.trustProxy,
    // Reuse a caller's request id (a load balancer's) when it looks sane, so logs join up.
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    },
    bodyLimit: 1024 * 1024,
  });
  const services = createServices(db, config, now, (details, message) => app.log.info(details, message));

  await setUpSecurityHeaders(app);
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  // Uploads: fields and files are parsed before the CSRF check, which needs the token field.
  await app.register(fastifyMultipart, {
    attachFieldsToBody: true,
    limits: { fileSize: config.uploadMaxMb * 1024 * 1024, files: 1, fields: 40 },
  });
  const sessions = setUpSessions(app, createSessionsRepo(db), config, now);
  const routes = setUpAuthorisation(app);
  setUpInputGuard(app);
  setUpCsrfProtection(app);
  const navigation = features.flatMap((feature) => feature.navigation ?? []);
  setUpViews(app, createViewEnvironment(), navigation, config.production);
  setUpErrorPages(app, config.production, config.uploadMaxMb);

  await assetRoutes(app);
  const deps: RouteDeps = { services, sessions, config, version };
  for (const feature of features) feature.routes(app, deps);

  await app.ready();
  return { app, services, sessions, routes };
}
