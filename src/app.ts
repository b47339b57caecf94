import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Db } from './db/connect.ts';
import { assetRoutes } from './platform/assets/assets.routes.ts';
import { projectRoot } from './platform/assets/assets.ts';
import { recordRoutes, type RouteEntry } from './platform/authorisation.ts';
import { setUpErrorPages } from './platform/errors.ts';
import { setUpInputGuard } from './platform/input-guard.ts';
import { setUpLanguage, staffLocale } from './platform/language.ts';
import { setUpSecurityHeaders } from './platform/security.ts';
import { createSessionsRepo } from './platform/sessions.repo.ts';
import { identityWritesOf } from './db/identity-writes.ts';
import { setUpSessions, type SessionManager } from './platform/sessions.ts';
import { createViewEnvironment, setUpViews, type NavigationItem } from './platform/views.ts';
import { createServices, type Services } from './services.ts';
import { actionPlanNavigation, actionPlanRoutes } from './features/action-plan/action-plan.routes.ts';
import { auditLogNavigation, auditLogRoutes } from './features/audit-log/audit-log.routes.ts';
import { objectivesNavigation, objectivesRoutes } from './features/objectives/objectives.routes.ts';
import { groupsNavigation, groupsRoutes } from './features/groups/groups.routes.ts';
import { authRoutes } from './features/auth/auth.routes.ts';
import { communitiesNavigation, communitiesRoutes } from './features/communities/communities.routes.ts';
import { dataCatalogueRoutes } from './features/communities/data-catalogue.routes.ts';
import { datasetSharingRoutes } from './features/communities/dataset-sharing.routes.ts';
import { mapsRoutes } from './features/maps/maps.routes.ts';
import { monitoringNavigation, monitoringRoutes } from './features/monitoring/monitoring.routes.ts';
import { workforceNavigation, workforceRoutes } from './features/workforce/workforce.routes.ts';
import { challengesNavigation, challengesRoutes } from './features/challenges/challenges.routes.ts';
import { eqiaNavigation, eqiaRoutes } from './features/impact-assessments/eqia.routes.ts';
import { eqiaPublicRoutes } from './features/impact-assessments/eqia-public.routes.ts';
import { eqiaReviewLinkRoutes } from './features/impact-assessments/eqia-review-link.routes.ts';
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
import {
  publicationNavigation,
  publicationPublicRoutes,
  publicationRoutes,
} from './features/publication/publication.routes.ts';
import { jobsNavigation, jobsRoutes } from './features/jobs/jobs.routes.ts';
import { linkedRecordsRoutes } from './features/linked-records/linked-records.routes.ts';
import { PUBLIC_PREFIX, publicSurface } from './surfaces/public/public-surface.ts';
import { staffSurface } from './surfaces/staff/staff-surface.ts';

/** What app.ts has to hand each feature's routes from (each takes only what it declares). */
interface RouteDeps {
  services: Services;
  sessions: SessionManager;
  config: Config;
  version: string;
  now: () => Date;
}

/**
 * Each staff feature: its routes, given exactly the services it declares (never the whole bag),
 * and the entries it adds to the service navigation (in menu order). This is the only wiring.
 */
const features: {
  routes: (app: FastifyInstance, deps: RouteDeps) => void;
  navigation?: NavigationItem[];
}[] = [
  {
    routes: (scope, { services: s }) =>
      dashboardRoutes(scope, { auditLog: s.auditLog, evidence: s.evidence }),
    navigation: dashboardNavigation,
  },
  {
    routes: (scope, { services: s }) =>
      objectivesRoutes(scope, {
        objectives: s.objectives,
        objectiveIndicators: s.objectiveIndicators,
        linkedRecords: s.thread,
      }),
    navigation: objectivesNavigation,
  },
  {
    routes: (scope, { services: s }) =>
      actionPlanRoutes(scope, {
        actionPlan: s.actionPlan,
        objectives: s.objectives,
        assessments: s.assessments,
        team: s.team,
        linkedRecords: s.thread,
      }),
    navigation: actionPlanNavigation,
  },
  {
    routes: (scope, { services: s, config, now }) =>
      assessmentsRoutes(scope, {
        assessments: s.assessments,
        frameworks: s.frameworks,
        team: s.team,
        linkedRecords: s.thread,
        config,
        now,
      }),
    navigation: assessmentsNavigation,
  },
  {
    routes: (scope, { services: s, config }) =>
      evidenceRoutes(scope, {
        evidence: s.evidence,
        assessments: s.assessments,
        linkedRecords: s.thread,
        config,
      }),
    navigation: evidenceNavigation,
  },
  {
    routes: (scope, { services: s }) => communitiesRoutes(scope, { communities: s.communities }),
    navigation: communitiesNavigation,
  },
  { routes: (scope, { services: s }) => mapsRoutes(scope, { maps: s.maps }) },
  {
    routes: (scope, { services: s }) =>
      monitoringRoutes(scope, { monitoring: s.monitoring, linkedRecords: s.thread }),
    navigation: monitoringNavigation,
  },
  { routes: (scope, { services: s }) => dataCatalogueRoutes(scope, { dataCatalogue: s.dataCatalogue }) },
  {
    routes: (scope, { services: s }) =>
      datasetSharingRoutes(scope, { communities: s.communities, datasetSharing: s.datasetSharing }),
  },
  {
    routes: (scope, { services: s }) =>
      workforceRoutes(scope, {
        payroll: s.payroll,
        gpgRegister: s.gpgRegister,
        workforceProfile: s.workforceProfile,
        employeeJourneys: s.employeeJourneys,
        linkedRecords: s.thread,
      }),
    navigation: workforceNavigation,
  },
  {
    routes: (scope, { services: s, now }) =>
      eqiaRoutes(scope, {
        eqia: s.eqia,
        eqiaPublishing: s.eqiaPublishing,
        eqiaReviewers: s.eqiaReviewers,
        linkedRecords: s.thread,
        now,
      }),
    navigation: eqiaNavigation,
  },
  {
    routes: (scope, { services: s, sessions }) =>
      eqiaReviewLinkRoutes(scope, { eqiaReviewers: s.eqiaReviewers, sessions }),
  },
  {
    routes: (scope, { services: s }) =>
      challengesRoutes(scope, { challenges: s.challenges, linkedRecords: s.thread }),
    navigation: challengesNavigation,
  },
  { routes: (scope, { services: s }) => linkedRecordsRoutes(scope, { thread: s.thread }) },
  {
    routes: (scope, { services: s }) => frameworksRoutes(scope, { frameworks: s.frameworks }),
    navigation: frameworksNavigation,
  },
  {
    routes: (scope, { services: s }) => groupsRoutes(scope, { groups: s.groups }),
    navigation: groupsNavigation,
  },
  {
    routes: (scope, { services: s }) => publicationRoutes(scope, { publication: s.publication }),
    navigation: publicationNavigation,
  },
  {
    routes: (scope, { services: s, sessions }) => teamRoutes(scope, { team: s.team, sessions }),
    navigation: teamNavigation,
  },
  {
    routes: (scope, { services: s }) => auditLogRoutes(scope, { auditLog: s.auditLog }),
    navigation: auditLogNavigation,
  },
  { routes: (scope, { services: s }) => jobsRoutes(scope, { jobs: s.jobs }), navigation: jobsNavigation },
  {
    routes: (scope, { services: s, sessions }) =>
      organisationsRoutes(scope, { organisations: s.organisations, sessions }),
    navigation: organisationsNavigation,
  },
  {
    routes: (scope, { services: s, sessions, config }) =>
      authRoutes(scope, { auth: s.auth, sessions, config }),
  },
  { routes: (scope, { services: s, version }) => pagesRoutes(scope, { health: s.health, version }) },
];

/** What the public surface's pages read: only published things. */
type PublicDeps = Pick<Services, 'publication' | 'eqiaPublishing'>;

export interface AppDeps {
  config: Config;
  db: Db;
  /** The clock; tests move it to check timeouts and expiry. */
  now?: () => Date;
  /** The services, when the caller has built them already (the server does): one graph, not two. */
  services?: Services;
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
export async function buildApp({
  config,
  db,
  now = () => new Date(),
  services: given,
}: AppDeps): Promise<EqualisApp> {
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
  const services =
    given ?? createServices(db, config, now, (details, message) => app.log.info(details, message));

  // Shared by both surfaces: security headers, cookie parsing, the route table, the guard against
  // unacceptable characters, views, error pages and static files. The rest belongs to a surface.
  await setUpSecurityHeaders(app);
  await app.register(fastifyCookie);
  const sessions = setUpSessions(app, createSessionsRepo(db), config, now, identityWritesOf(db));
  const routes = recordRoutes(app, PUBLIC_PREFIX);
  setUpInputGuard(app);
  const navigation = features.flatMap((feature) => feature.navigation ?? []);
  setUpLanguage(app);
  setUpViews(app, createViewEnvironment(), navigation, config.production);
  setUpErrorPages(app, config.production, config.uploadMaxMb, async (request) => {
    // A "page not found" outside the public surface still shows who is signed in.
    if (request.url.startsWith(`${PUBLIC_PREFIX}/`)) return;
    await sessions.load(request);
    request.locale = staffLocale(request);
  });
  await assetRoutes(app);

  const deps: RouteDeps = { services, sessions, config, version, now };
  await app.register(staffSurface<RouteDeps>, {
    sessions,
    uploadMaxMb: config.uploadMaxMb,
    features: features.map((feature) => feature.routes),
    deps,
  });
  await app.register(publicSurface<PublicDeps>, {
    prefix: PUBLIC_PREFIX,
    features: [publicationPublicRoutes, eqiaPublicRoutes],
    deps: { publication: services.publication, eqiaPublishing: services.eqiaPublishing },
  });

  await app.ready();
  return { app, services, sessions, routes };
}
