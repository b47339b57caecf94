import type { Config } from './config.ts';
import type { Db } from './db/connect.ts';
import { createAuditRepo } from './platform/audit/audit.repo.ts';
import { createAuditRecorder } from './platform/audit/audit.ts';
import { createHealthRepo } from './platform/health.repo.ts';
import { createSessionsRepo } from './platform/sessions.repo.ts';
import { createGroupsRepo } from './features/groups/groups.repo.ts';
import { createGroupsService } from './features/groups/groups.service.ts';
import { createMailer, type LogSink } from './platform/mailer.ts';
import { createRemindersRepo } from './features/reminders/reminders.repo.ts';
import { createRemindersService } from './features/reminders/reminders.service.ts';
import { hashToken } from './platform/tokens.ts';
import { createActionPlanRepo } from './features/action-plan/action-plan.repo.ts';
import { createActionPlanService } from './features/action-plan/action-plan.service.ts';
import { createAuditLogService } from './features/audit-log/audit-log.service.ts';
import { createObjectivesRepo } from './features/objectives/objectives.repo.ts';
import { createObjectivesService } from './features/objectives/objectives.service.ts';
import { createAuthRepo } from './features/auth/auth.repo.ts';
import { createAuthService } from './features/auth/auth.service.ts';
import { createOrganisationsRepo } from './features/organisations/organisations.repo.ts';
import { createOrganisationsService } from './features/organisations/organisations.service.ts';
import { createTeamRepo } from './features/team/team.repo.ts';
import { createTeamService } from './features/team/team.service.ts';
import { createFrameworksRepo } from './features/frameworks/frameworks.repo.ts';
import { createFrameworksService } from './features/frameworks/frameworks.service.ts';
import { createEvidenceRepo } from './features/evidence/evidence.repo.ts';
import { createEvidenceService } from './features/evidence/evidence.service.ts';
import { createFileStore } from './infra/file-store/file-store.ts';
import { createAssessmentsRepo } from './features/assessments/assessments.repo.ts';
import { createAssessmentsService } from './features/assessments/assessments.service.ts';
import { createJobsRepo } from './infra/jobs/jobs.repo.ts';
import { createJobs } from './infra/jobs/jobs.ts';
import { reminderJob } from './features/reminders/reminders.job.ts';
import { createPublicationRepo } from './features/publication/publication.repo.ts';
import { createPublicationService } from './features/publication/publication.service.ts';

import { createRecordLinksRepo } from './thread/record-links.repo.ts';
import { createRecordRegistry } from './thread/record-registry.ts';
import { createThreadService } from './thread/thread.service.ts';
import { objectiveRecords } from './features/objectives/objective-records.ts';
import { actionRecords } from './features/action-plan/action-records.ts';
import { evidenceRecords } from './features/evidence/evidence-records.ts';
import { criterionRecords } from './features/frameworks/criterion-records.ts';
import { assessmentCriterionRecords } from './features/assessments/assessment-criterion-records.ts';
import { groupRecords } from './features/groups/group-records.ts';
import { createCommunitiesRepo } from './features/communities/communities.repo.ts';
import { createCommunitiesService } from './features/communities/communities.service.ts';
import { createMapLayers } from './features/communities/map-layers.ts';
import { createMapsService } from './features/maps/maps.service.ts';
import { createMonitoringRepo } from './features/monitoring/monitoring.repo.ts';
import { createMonitoringService } from './features/monitoring/monitoring.service.ts';
import { monitoredServiceRecords } from './features/monitoring/monitoring-records.ts';
import { createChallengesRepo } from './features/challenges/challenges.repo.ts';
import { createChallengesService } from './features/challenges/challenges.service.ts';
import { challengeFindingRecords } from './features/challenges/challenge-records.ts';
import { createEqiaRepo } from './features/impact-assessments/eqia.repo.ts';
import { createEqiaService } from './features/impact-assessments/eqia.service.ts';
import { createEqiaPublishingRepo } from './features/impact-assessments/eqia-publishing.repo.ts';
import { createEqiaPublishingService } from './features/impact-assessments/eqia-publishing.service.ts';
import { createEqiaReviewersRepo } from './features/impact-assessments/eqia-reviewers.repo.ts';
import { createEqiaReviewersService } from './features/impact-assessments/eqia-reviewers.service.ts';
import { impactAssessmentRecords } from './features/impact-assessments/eqia-records.ts';
import { createDataCatalogueRepo } from './features/communities/data-catalogue.repo.ts';
import { createDatasetSharingRepo } from './features/communities/dataset-sharing.repo.ts';
import { createDatasetSharingService } from './features/communities/dataset-sharing.service.ts';
import { createObjectiveIndicatorsRepo } from './features/objectives/objective-indicators.repo.ts';
import { createGpgRegisterRepo, createPayrollRepo } from './features/workforce/payroll.repo.ts';
import { createGpgRegisterService } from './features/workforce/gpg-register.service.ts';
import { createWorkforceProfileService } from './features/workforce/workforce-profile.service.ts';
import { payGapRecords } from './features/workforce/pay-gap-records.ts';
import { createEmployeeJourneysRepo } from './features/workforce/employee-journeys.repo.ts';
import { createEmployeeJourneysService } from './features/workforce/employee-journeys.service.ts';
import { createPayrollService } from './features/workforce/payroll.service.ts';
import { createObjectiveIndicatorsService } from './features/objectives/objective-indicators.service.ts';
import { createDataCatalogueService } from './features/communities/data-catalogue.service.ts';
/**
 * Builds every service once, from the database and configuration. The type `Services` is derived
 * from the return value, so adding a service needs no separate interface. The CLI, the web app,
 * the demo seed and the tests all use this one function.
 */
export function createServices(
  db: Db,
  config: Config,
  now: () => Date = () => new Date(),
  log: LogSink = (details, message) => console.log(message, details),
) {
  const auditRepo = createAuditRepo();
  const audit = createAuditRecorder(auditRepo, now);
  const sessions = createSessionsRepo(db);
  const auth = createAuthService({
    db,
    repo: createAuthRepo(),
    audit,
    now,
    endSessionsOf: (userId) => sessions.deleteForUser(userId),
  });
  const actionPlan = createActionPlanService({ db, repo: createActionPlanRepo(), audit, now });
  const objectives = createObjectivesService({ db, repo: createObjectivesRepo(), actionPlan, audit, now });
  const organisations = createOrganisationsService({ db, repo: createOrganisationsRepo(), audit, now });
  const team = createTeamService({
    db,
    repo: createTeamRepo(),
    auth,
    audit,
    hashToken: (token) => hashToken(config.sessionSecret, token),
    now,
  });
  const frameworks = createFrameworksService({ db, repo: createFrameworksRepo(), audit });
  const evidence = createEvidenceService({
    db,
    repo: createEvidenceRepo(),
    files: createFileStore(config.evidenceDir),
    frameworks,
    actionPlan,
    objectives,
    team,
    audit,
    now,
  });
  const assessments = createAssessmentsService({
    db,
    repo: createAssessmentsRepo(),
    frameworks,
    evidence,
    actionPlan,
    team,
    audit,
    now,
  });
  const communitiesRepo = createCommunitiesRepo();
  const communities = createCommunitiesService({ db, repo: communitiesRepo, audit, now });
  const maps = createMapsService({ layers: createMapLayers({ db, repo: communitiesRepo }) });
  const monitoring = createMonitoringService({
    db,
    repo: createMonitoringRepo(),
    audit,
    measures: communities,
    policyOf: (organisationId) => communities.disclosurePolicy(organisationId),
  });
  const datasetSharing = createDatasetSharingService({
    db,
    repo: createDatasetSharingRepo(),
    communities: communitiesRepo,
    audit,
    now,
  });
  const objectiveIndicators = createObjectiveIndicatorsService({
    db,
    repo: createObjectiveIndicatorsRepo(),
    measures: communities,
    objectiveExists: (organisationId, objectiveId) =>
      objectives.get(organisationId, objectiveId).then(
        () => true,
        () => false,
      ),
    audit,
  });
  const payroll = createPayrollService({
    db,
    repo: createPayrollRepo(),
    audit,
    now,
    pseudonymSecret: config.sessionSecret,
  });
  const gpgRegister = createGpgRegisterService({ db, repo: createGpgRegisterRepo() });
  const employeeJourneys = createEmployeeJourneysService({
    db,
    repo: createEmployeeJourneysRepo(),
    audit,
    policyOf: (organisationId) => communities.disclosurePolicy(organisationId),
  });
  const workforceProfile = createWorkforceProfileService({
    db,
    repo: createPayrollRepo(),
    measures: communities,
  });
  const dataCatalogue = createDataCatalogueService({ db, repo: createDataCatalogueRepo(), audit });

  // The service's timers: one registry, one lease per job across every server (infra/jobs).
  const jobs = createJobs({
    repo: createJobsRepo(db),
    now,
    log: {
      info: (details, message) => log({ ...details }, message),
      error: (details, message) => log({ ...details }, message),
    },
  });
  if (config.reminderHour !== null)
    jobs.register(reminderJob({ sendAll: () => reminders.sendAll(), hour: config.reminderHour, now }));
  jobs.register({
    name: 'clean-up',
    title: 'Remove ended sessions and old sign-in attempts',
    everyMs: 60 * 60_000,
    async run() {
      const idleCutoff = new Date(now().getTime() - config.sessionIdleMinutes * 60_000);
      const [sessionsRemoved, attemptsRemoved] = await Promise.all([
        sessions.deleteExpired(idleCutoff, now()),
        auth.pruneLoginAttempts(),
      ]);
      return `Removed ${sessionsRemoved} ended sessions and ${attemptsRemoved} old sign-in attempts`;
    },
  });

  const challenges = createChallengesService({
    db,
    repo: createChallengesRepo(),
    audit,
    actionPlan,
    links: createRecordLinksRepo(),
    now,
  });

  const eqia = createEqiaService({
    db,
    repo: createEqiaRepo(),
    audit,
    measures: communities,
    monitoring,
    actionPlan,
    links: createRecordLinksRepo(),
    now,
  });

  const reminders = createRemindersService({
    db,
    repo: createRemindersRepo(),
    mailer: createMailer(config.mail, log),
    actionPlan,
    team,
    organisations,
    reviews: eqia,
    publicUrl: config.publicUrl,
    now,
  });
  const eqiaPublishing = createEqiaPublishingService({
    db,
    repo: createEqiaPublishingRepo(),
    audit,
    eqia,
    organisations,
    now,
  });
  const eqiaReviewers = createEqiaReviewersService({
    db,
    repo: createEqiaReviewersRepo(),
    audit,
    eqia,
    tokenSecret: config.sessionSecret,
    publicUrl: config.publicUrl,
    now,
  });

  const groups = createGroupsService({ db, repo: createGroupsRepo(), team, objectives, actionPlan, audit });

  // The golden thread: each feature registers the record types it owns (src/thread/).
  const thread = createThreadService({
    db,
    repo: createRecordLinksRepo(),
    audit,
    registry: createRecordRegistry([
      objectiveRecords(objectives),
      actionRecords(actionPlan),
      evidenceRecords(evidence, assessments),
      criterionRecords(frameworks),
      assessmentCriterionRecords(assessments),
      groupRecords(groups),
      payGapRecords(payroll),
      monitoredServiceRecords(monitoring),
      challengeFindingRecords(challenges),
      impactAssessmentRecords(eqia),
    ]),
  });

  return {
    audit,
    jobs,
    thread,
    frameworks,
    evidence,
    assessments,
    auth,
    auditLog: createAuditLogService({ db, repo: auditRepo }),
    organisations,
    team,
    actionPlan,
    objectives,
    groups,
    reminders,
    communities,
    maps,
    monitoring,
    challenges,
    eqia,
    eqiaPublishing,
    eqiaReviewers,
    datasetSharing,
    objectiveIndicators,
    payroll,
    gpgRegister,
    workforceProfile,
    employeeJourneys,
    dataCatalogue,
    publication: createPublicationService({
      db,
      repo: createPublicationRepo(),
      audit,
      now,
      plan: actionPlan,
      objectives,
      organisations,
    }),
    health: createHealthRepo(db),
  };
}

export type Services = ReturnType<typeof createServices>;
