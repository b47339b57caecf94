import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './connect.ts';
import * as foundation from './migrations/2026-11-22T0800-foundation.ts';
import * as actionPlan from './migrations/2026-11-22T0900-action-plan.ts';
import * as planVersions from './migrations/2026-11-22T1000-plan-versions.ts';
import * as reminders from './migrations/2026-11-22T1100-reminders.ts';
import * as equalityGroups from './migrations/2026-11-22T1200-equality-groups.ts';
import * as lastOrganisation from './migrations/2026-11-22T1300-last-organisation.ts';
import * as frameworksEvidence from './migrations/2026-11-22T1400-frameworks-evidence.ts';
import * as evidenceLifecycle from './migrations/2026-11-22T1500-evidence-lifecycle.ts';
import * as signInClaims from './migrations/2026-12-02T0800-sign-in-claims.ts';
import * as planColumnChoices from './migrations/2026-12-02T0900-plan-column-choices.ts';
import * as actionWithdrawal from './migrations/2026-12-02T1000-action-withdrawal.ts';
import * as planImportSource from './migrations/2026-12-02T1100-plan-import-source.ts';
import * as leadTenantKey from './migrations/2026-12-02T1200-lead-tenant-key.ts';
import * as publications from './migrations/2026-12-02T1300-publications.ts';
import * as jobs from './migrations/2026-12-02T1400-jobs.ts';
import * as planRevisions from './migrations/2026-12-02T1500-plan-revisions.ts';
import * as leadsOnActions from './migrations/2026-12-02T1600-leads-on-actions.ts';
import * as recordLinks from './migrations/2026-12-02T1700-record-links.ts';
import * as userLanguage from './migrations/2026-12-03T0900-user-language.ts';
import * as communities from './migrations/2026-12-03T1000-communities.ts';
import * as dataCatalogue from './migrations/2026-12-03T1100-data-catalogue.ts';
import * as datasetMeasures from './migrations/2026-12-03T1200-dataset-measures.ts';
import * as customAreas from './migrations/2026-12-03T1300-custom-areas.ts';
import * as datasetShares from './migrations/2026-12-03T1400-dataset-shares.ts';
import * as objectiveIndicators from './migrations/2026-12-03T1500-objective-indicators.ts';
import * as payroll from './migrations/2026-12-03T1600-payroll.ts';
import * as gpgRegister from './migrations/2026-12-03T1700-gpg-register.ts';
import * as employeeJourneys from './migrations/2026-12-03T1800-employee-journeys.ts';
import * as areaShapes from './migrations/2026-12-03T1900-area-shapes.ts';
import * as serviceMonitoring from './migrations/2026-12-03T2000-service-monitoring.ts';
import * as peerChallenges from './migrations/2026-12-04T0900-peer-challenges.ts';
import * as impactAssessments from './migrations/2026-12-04T1000-impact-assessments.ts';
import * as eqiaPublishing from './migrations/2026-12-07T0900-eqia-publishing.ts';

/**
 * Migrations are listed here rather than read from the folder so that the same code runs under
 * tsx, in tests and in a bundled build. Each migration is frozen once it has landed: to change the
 * schema, add a new file with a later timestamp.
 */
const migrations: Record<string, Migration> = {
  '2026-11-22T0800-foundation': foundation,
  '2026-11-22T0900-action-plan': actionPlan,
  '2026-11-22T1000-plan-versions': planVersions,
  '2026-11-22T1100-reminders': reminders,
  '2026-11-22T1200-equality-groups': equalityGroups,
  '2026-11-22T1300-last-organisation': lastOrganisation,
  '2026-11-22T1400-frameworks-evidence': frameworksEvidence,
  '2026-11-22T1500-evidence-lifecycle': evidenceLifecycle,
  '2026-12-02T0800-sign-in-claims': signInClaims,
  '2026-12-02T0900-plan-column-choices': planColumnChoices,
  '2026-12-02T1000-action-withdrawal': actionWithdrawal,
  '2026-12-02T1100-plan-import-source': planImportSource,
  '2026-12-02T1200-lead-tenant-key': leadTenantKey,
  '2026-12-02T1300-publications': publications,
  '2026-12-02T1400-jobs': jobs,
  '2026-12-02T1500-plan-revisions': planRevisions,
  '2026-12-02T1600-leads-on-actions': leadsOnActions,
  '2026-12-02T1700-record-links': recordLinks,
  '2026-12-03T0900-user-language': userLanguage,
  '2026-12-03T1000-communities': communities,
  '2026-12-03T1100-data-catalogue': dataCatalogue,
  '2026-12-03T1200-dataset-measures': datasetMeasures,
  '2026-12-03T1300-custom-areas': customAreas,
  '2026-12-03T1400-dataset-shares': datasetShares,
  '2026-12-03T1500-objective-indicators': objectiveIndicators,
  '2026-12-03T1600-payroll': payroll,
  '2026-12-03T1700-gpg-register': gpgRegister,
  '2026-12-03T1800-employee-journeys': employeeJourneys,
  '2026-12-03T1900-area-shapes': areaShapes,
  '2026-12-03T2000-service-monitoring': serviceMonitoring,
  '2026-12-04T0900-peer-challenges': peerChallenges,
  '2026-12-04T1000-impact-assessments': impactAssessments,
  '2026-12-07T0900-eqia-publishing': eqiaPublishing,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export interface MigrationReport {
  applied: string[];
}

/**
 * True when every migration is already recorded as applied: one query, where the migrator would
 * take its lock and read its tables (a noticeable part of a restart on the embedded database).
 */
async function upToDate(db: Db): Promise<boolean> {
  const table = await sql<{
    exists: boolean;
  }>`select to_regclass('kysely_migration') is not null as exists`.execute(db);
  if (!table.rows[0]?.exists) return false;
  const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  const names = new Set(applied.rows.map((row) => row.name));
  return Object.keys(migrations).every((name) => names.has(name));
}

/**
 * Moves the schema to just after `name`, down or up (tests use it to check that a migration
 * carries existing rows across; an operator rolling back uses the CLI's `migrate` instead).
 */
export async function migrateTo(db: Db, name: string): Promise<void> {
  const { error } = await new Migrator({ db, provider }).migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

/** Brings the schema up to date. Throws (and the CLI exits non-zero) if any migration fails. */
export async function migrateToLatest(db: Db): Promise<MigrationReport> {
  if (await upToDate(db)) return { applied: [] };
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    const name = failed ? ` "${failed.migrationName}"` : '';
    throw new Error(`Migration${name} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return { applied: (results ?? []).map((result) => result.migrationName) };
}
