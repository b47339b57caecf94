import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Role } from '../platform/roles.ts';

/** Table types for Kysely. Keep in step with migrations/ (the migrations are the truth). */

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export interface OrganisationsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  brand_colour: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  disclosure_policy: Generated<string>;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string | null;
  is_demo: Generated<boolean>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  password_changed_at: Date | null;
  last_organisation_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** 'en' or 'cy'; null until the person chooses. */
  language: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface MembershipsTable {
  organisation_id: string;
  user_id: string;
  role: Role;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface InvitationsTable {
  id: Generated<string>;
  organisation_id: string;
  email: string;
  display_name: string;
  role: Role;
  token_hash: string;
  invited_by: string | null;
  created_at: CreatedAt;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string | null;
  organisation_id: string | null;
  csrf_token: string;
  created_at: CreatedAt;
  last_seen_at: ColumnType<Date, Date | undefined, Date>;
  expires_at: Date;
  user_agent: string | null;
  ip: string | null;
}

export interface LoginAttemptsTable {
  id: Generated<string>;
  email: string;
  ip: string;
  /** Null while the password is being checked: a claim, counted as a failure until settled. */
  succeeded: boolean | null;
  attempted_at: ColumnType<Date, Date | undefined, never>;
}

export type JsonObject = Record<string, unknown>;

export interface AuditEventsTable {
  id: Generated<string>;
  organisation_id: string;
  actor_user_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  summary: string;
  before: JsonObject | null;
  after: JsonObject | null;
  request_id: string | null;
  occurred_at: ColumnType<Date, Date | undefined, never>;
}

/** `date` columns: written as ISO text; read with to_char() so no time zone creeps in. */
type IsoDate = ColumnType<string | null, string | null | undefined, string | null>;

export interface PlanAreasTable {
  id: Generated<string>;
  organisation_id: string;
  position: number;
  title: string;
  description: string | null;
  criteria_heading: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ObjectivesTable {
  id: Generated<string>;
  organisation_id: string;
  reference: string | null;
  title: string;
  description: string | null;
  kind: 'organisational' | 'service';
  ways: ColumnType<string[], string, string>;
  owner_name: string | null;
  period_start: IsoDate;
  review_due: IsoDate;
  indicators: string | null;
  criteria_refs: Generated<string[]>;
  status: Generated<'draft' | 'active' | 'achieved' | 'withdrawn'>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ActionsTable {
  id: Generated<string>;
  organisation_id: string;
  area_id: string | null;
  parent_id: string | null;
  reference: string;
  position: number;
  text: string;
  target_kind: 'date' | 'range' | 'ongoing' | 'completed' | 'none';
  target_text: Generated<string>;
  target_start: IsoDate;
  target_end: IsoDate;
  completed_on: IsoDate;
  criteria_refs: Generated<string[]>;
  strands: Generated<string[]>;
  partners: Generated<string[]>;
  linked_to: string | null;
  percent_complete: number | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** Withdrawn actions stay, with why; they leave the plan and its counts. */
  withdrawn_at: Date | null;
  withdrawn_reason: string | null;
  /** The lead officers in order: [{ name, team, userId }] (userId when connected to an account). */
  leads: ColumnType<{ name: string; team: string | null; userId: string | null }[], string, string>;
}

export interface ProgressUpdatesTable {
  id: Generated<string>;
  sequence: ColumnType<string, never, never>;
  organisation_id: string;
  action_id: string;
  author_user_id: string | null;
  author_label: string;
  note: string;
  state: 'on_track' | 'at_risk' | 'completed';
  percent_complete: number | null;
  created_at: CreatedAt;
}

export interface PlanImportsTable {
  id: Generated<string>;
  organisation_id: string;
  file_name: string;
  format: string;
  parsed: ColumnType<unknown, string, string>;
  /** The file read into neutral blocks, so it can be read again with other column choices. */
  blocks: ColumnType<unknown, string | null, string | null>;
  /** The uploaded bytes, kept so a text file can be read again another way (null for pastes). */
  source: Buffer | null;
  created_by: string | null;
  created_at: CreatedAt;
  committed_at: Date | null;
}

/** An organisation's remembered column choices for plan imports, by normalised heading. */
export interface PlanColumnChoicesTable {
  organisation_id: string;
  heading: string;
  choice: string;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface PlanVersionsTable {
  id: Generated<string>;
  sequence: ColumnType<string, never, never>;
  organisation_id: string;
  label: string;
  published_at: ColumnType<Date, Date | undefined, never>;
  published_by_label: string;
  snapshot: ColumnType<unknown, string, never>;
}

export interface PublicationsTable {
  id: Generated<string>;
  organisation_id: string;
  plan_version_id: string;
  objectives: ColumnType<unknown, string, never>;
  published_at: Date;
  published_by_label: string;
  withdrawn_at: Date | null;
  withdrawn_by_label: string | null;
  sequence: ColumnType<string, never, never>;
}

export interface JobRunsTable {
  name: string;
  lease_holder: string | null;
  lease_until: Date | null;
  last_started_at: Date | null;
  last_finished_at: Date | null;
  last_outcome: 'succeeded' | 'failed' | null;
  last_message: string | null;
  runs: Generated<number>;
  failures: Generated<number>;
}

export interface PlanRevisionsTable {
  organisation_id: string;
  /** bigint: read as text by both drivers. */
  revision: ColumnType<string, never, never>;
}

export interface ReminderLogTable {
  organisation_id: string;
  user_id: string;
  sent_on: string;
  channel: string;
  overdue: number;
  due_soon: number;
  sent_at: ColumnType<Date, Date | undefined, never>;
}

export interface EqualityGroupsTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  purpose: string | null;
  created_at: CreatedAt;
}

export interface GroupMembersTable {
  id: Generated<string>;
  organisation_id: string;
  group_id: string;
  user_id: string | null;
  name: string;
  role_in_group: string | null;
  created_at: CreatedAt;
}

export interface FrameworkDefinitionsTable {
  id: Generated<string>;
  organisation_id: string;
  framework_id: string;
  framework_version: string;
  definition: ColumnType<unknown, string, string>;
  imported_by_label: string;
  created_at: CreatedAt;
}

export interface AssessmentsTable {
  id: Generated<string>;
  organisation_id: string;
  title: string;
  framework_key: string;
  definition: ColumnType<unknown, string, never>;
  scope: ColumnType<string[], string[] | undefined, string[]>;
  target_level: string | null;
  owner_user_id: string | null;
  shared_with_assessors: Generated<boolean>;
  status: Generated<'in_progress' | 'submitted' | 'closed'>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface AssessmentContributorsTable {
  organisation_id: string;
  assessment_id: string;
  area_id: string;
  user_id: string;
}

export interface CriterionRatingsTable {
  organisation_id: string;
  assessment_id: string;
  criterion_ref: string;
  rating: 'not_started' | 'partly_met' | 'met';
  score: number | null;
  narrative: string | null;
  owner_user_id: string | null;
  review_date: IsoDate;
  version: Generated<number>;
  updated_at: UpdatedAt;
  updated_by_label: string | null;
}

export interface RatingHistoryTable {
  id: Generated<string>;
  sequence: ColumnType<string, never, never>;
  organisation_id: string;
  assessment_id: string;
  criterion_ref: string;
  rating: string;
  score: number | null;
  changed_by_label: string;
  changed_at: CreatedAt;
}

export interface AssessmentCommentsTable {
  id: Generated<string>;
  sequence: ColumnType<string, never, never>;
  organisation_id: string;
  assessment_id: string;
  criterion_ref: string;
  author_user_id: string | null;
  author_label: string;
  author_role: string;
  body: string;
  created_at: CreatedAt;
}

export interface EvidenceFilesTable {
  id: Generated<string>;
  organisation_id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  content: Buffer | null;
  storage_path: string | null;
  created_at: CreatedAt;
}

export interface EvidenceItemsTable {
  id: Generated<string>;
  organisation_id: string;
  title: string;
  kind: 'upload' | 'link' | 'record';
  url: string | null;
  file_id: string | null;
  description: string | null;
  owner_user_id: string | null;
  evidence_date: IsoDate;
  review_date: IsoDate;
  strands: ColumnType<string[], string[] | undefined, string[]>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  withdrawn_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  withdrawn_by_label: ColumnType<string | null, string | null | undefined, string | null>;
  withdrawn_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Files an upload used to have, kept when a newer file replaces them. */
export interface EvidenceEarlierFilesTable {
  organisation_id: string;
  evidence_id: string;
  file_id: string;
  replaced_at: CreatedAt;
  replaced_by_label: string;
  sequence: Generated<string>;
}

/** The golden thread: one row per link between two records (see src/thread/). */
export interface RecordLinksTable {
  organisation_id: string;
  from_type: string;
  from_id: string;
  to_type: string;
  to_id: string;
  created_at: CreatedAt;
  created_by_label: string | null;
}

export interface AreasTable {
  organisation_id: string;
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
  updated_at: Generated<Date>;
}

export interface MonitoredServicesTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  catchment_area_code: string | null;
  created_at: Generated<Date>;
}

export interface MonitoringPeriodsTable {
  id: Generated<string>;
  organisation_id: string;
  service_id: string;
  period: string;
  bank_version: string;
  layout: string;
  people: number;
  file_name: string;
  imported_at: Generated<Date>;
  imported_by_label: string;
}

export interface MonitoringCountsTable {
  organisation_id: string;
  period_id: string;
  question: string;
  answer: string;
  count: number;
}

export interface MonitoringCrossesTable {
  organisation_id: string;
  period_id: string;
  row_question: string;
  column_question: string;
  row_answer: string;
  column_answer: string;
  count: number;
}

export interface AreaShapesTable {
  organisation_id: string;
  area_code: string;
  geometry: unknown;
  imported_at: Generated<Date>;
}

export interface DatasetsTable {
  id: Generated<string>;
  organisation_id: string;
  title: string;
  table_code: string | null;
  publisher: string;
  source_address: string | null;
  licence: string;
  attribution: string;
  reference_date: string | null;
  release_date: ColumnType<string | null, string | null | undefined, string | null>;
  geography_level: string;
  classification: string;
  population: string | null;
  measure: ColumnType<'count' | 'percent', 'count' | 'percent' | undefined, 'count' | 'percent'>;
  file_name: string;
  version: number;
  superseded_by: string | null;
  imported_at: Generated<Date>;
  imported_by_label: string;
}

export interface DatasetFiguresTable {
  dataset_id: string;
  organisation_id: string;
  area_code: string;
  category: string;
  value: ColumnType<number, number, number>;
  rolled_up: boolean;
}

export interface DatasetUploadsTable {
  id: Generated<string>;
  organisation_id: string;
  file_name: string;
  content: string;
  metadata: ColumnType<string | null, string | null | undefined, string | null>;
  metadata_file_name: ColumnType<string | null, string | null | undefined, string | null>;
  imported_at: Date | null;
  created_at: Generated<Date>;
}

export interface CustomAreaMembersTable {
  organisation_id: string;
  area_code: string;
  member_code: string;
}

export interface DatasetSharesTable {
  id: Generated<string>;
  organisation_id: string;
  dataset_id: string;
  partner_organisation_id: string;
  purpose: string;
  shared_at: Generated<Date>;
  shared_by_label: string;
  revoked_at: Date | null;
  revoked_by_label: string | null;
}

export interface ObjectiveIndicatorsTable {
  id: Generated<string>;
  organisation_id: string;
  objective_id: string;
  label: string;
  area_code: string;
  classification: string;
  category: string;
  baseline: number | null;
  baseline_label: string | null;
  target: number;
  target_date: string | null;
  created_at: Generated<Date>;
}

export interface PayrollSnapshotsTable {
  id: Generated<string>;
  organisation_id: string;
  snapshot_date: ColumnType<string, string, string>;
  file_name: string;
  employees: number;
  narrative: ColumnType<string | null, string | null | undefined, string | null>;
  version: Generated<number>;
  imported_at: Generated<Date>;
  imported_by_label: string;
}

export interface PayrollRowsTable {
  snapshot_id: string;
  organisation_id: string;
  employee_key: string;
  sex: string | null;
  ethnicity: string | null;
  disability: string | null;
  grade: string | null;
  directorate: string | null;
  ordinary_pay: number;
  period_bonus: number;
  period_days: number;
  weekly_hours: number;
  full_pay: boolean;
  year_bonus: number;
}

export interface PayrollUploadsTable {
  id: Generated<string>;
  organisation_id: string;
  file_name: string;
  snapshot_date: ColumnType<string, string, string>;
  content: string;
  imported_at: Date | null;
  created_at: Generated<Date>;
}

export interface GpgRegisterTable {
  employer_id: number;
  snapshot_year: number;
  employer_name: string;
  employer_size: string;
  sic_codes: string;
  diff_mean_hourly: number | null;
  diff_median_hourly: number | null;
  diff_mean_bonus: number | null;
  diff_median_bonus: number | null;
  male_bonus: number | null;
  female_bonus: number | null;
  female_lower_quartile: number | null;
  female_lower_middle_quartile: number | null;
  female_upper_middle_quartile: number | null;
  female_top_quartile: number | null;
}

export interface EmployeeJourneysTable {
  id: Generated<string>;
  organisation_id: string;
  title: string;
  reference_group: string;
  groups: ColumnType<string[], string[], string[]>;
  file_name: string;
  imported_at: Generated<Date>;
  imported_by_label: string;
}

export interface EmployeeJourneyCountsTable {
  journey_id: string;
  organisation_id: string;
  position: number;
  stage: string;
  out_of: string | null;
  grp: string;
  count: number;
}

export interface PeerChallengesTable {
  id: Generated<string>;
  organisation_id: string;
  title: string;
  framework_name: string | null;
  level: string | null;
  /** A calendar date, read back as `YYYY-MM-DD` text. */
  visited_on: string | null;
  revisit_on: string | null;
  conclusion: string | null;
  summary: ColumnType<string[], string, string>;
  observations: ColumnType<string[], string, string>;
  team: ColumnType<{ name: string; organisation: string; role: string }[], string, string>;
  /** Responses in the report beside text that is not a finding (the summary, say). */
  other_responses: ColumnType<{ about: string; response: string }[], string, string>;
  source_file_name: string | null;
  created_at: Generated<Date>;
  created_by_label: string;
  version: Generated<number>;
}

export interface ChallengeFindingsTable {
  id: Generated<string>;
  organisation_id: string;
  challenge_id: string;
  position: number;
  kind: string;
  area: string | null;
  number: string;
  theme: string | null;
  text: string;
  response_stance: string | null;
  response_text: Generated<string>;
  response_from_report: Generated<boolean>;
  response_updated_at: Date | null;
  response_updated_by_label: string | null;
  version: Generated<number>;
}

export interface ChallengeImportsTable {
  id: Generated<string>;
  organisation_id: string;
  file_name: string;
  format: string;
  reading: ColumnType<JsonObject, string, string>;
  created_at: Generated<Date>;
  created_by_label: string;
}

export interface EqiaTemplatesTable {
  organisation_id: string;
  version: number;
  definition: ColumnType<JsonObject, string, string>;
  created_at: Generated<Date>;
  created_by_label: string;
}

export interface EqiaProgrammesTable {
  id: Generated<string>;
  organisation_id: string;
  title: string;
  description: Generated<string>;
  created_at: Generated<Date>;
}

export interface ImpactAssessmentsTable {
  id: Generated<string>;
  organisation_id: string;
  programme_id: string | null;
  title: string;
  service: Generated<string>;
  lead_officer: Generated<string>;
  description: Generated<string>;
  affected: Generated<string>;
  decision_body: Generated<string>;
  area_code: string | null;
  monitored_service_id: string | null;
  template: ColumnType<JsonObject, string, string>;
  screening: ColumnType<Record<string, boolean>, string | undefined, string>;
  screening_reason: Generated<string>;
  impacts: ColumnType<JsonObject, string | undefined, string>;
  aims: ColumnType<Record<string, string>, string | undefined, string>;
  consultation: Generated<string>;
  outcome: string | null;
  outcome_reason: Generated<string>;
  review_on: string | null;
  status: Generated<string>;
  approved_by_label: string | null;
  approved_at: Date | null;
  created_at: Generated<Date>;
  created_by_label: string;
  version: Generated<number>;
  owner_user_id: string | null;
}

export interface EqiaPublicationsTable {
  id: Generated<string>;
  organisation_id: string;
  assessment_id: string;
  snapshot: ColumnType<JsonObject, string, string>;
  published_at: Date;
  published_by_label: string;
  withdrawn_at: Date | null;
  withdrawn_by_label: string | null;
}

export interface EqiaPublicCommentsTable {
  id: Generated<string>;
  organisation_id: string;
  publication_id: string;
  assessment_id: string;
  name: Generated<string>;
  email: Generated<string>;
  text: string;
  received_at: Date;
}

export interface EqiaReviewerLinksTable {
  id: Generated<string>;
  organisation_id: string;
  assessment_id: string;
  token_hash: string;
  reviewer_name: string;
  reviewer_group: Generated<string>;
  created_by_label: string;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
}

export interface EqiaCommentsTable {
  id: Generated<string>;
  organisation_id: string;
  assessment_id: string;
  author_user_id: string | null;
  author_label: string;
  text: string;
  response: string | null;
  responded_by_label: string | null;
  responded_at: Date | null;
  created_at: Generated<Date>;
  reviewer_link_id: string | null;
}

export interface DataCatalogueTable {
  id: Generated<string>;
  organisation_id: string;
  title: string;
  service: string;
  owner: string;
  characteristics: ColumnType<string[], string[] | undefined, string[]>;
  geography: string | null;
  frequency: string | null;
  location: string | null;
  legal_basis: string | null;
  retention: string | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface Database {
  organisations: OrganisationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  invitations: InvitationsTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  audit_events: AuditEventsTable;
  plan_areas: PlanAreasTable;
  objectives: ObjectivesTable;
  actions: ActionsTable;
  progress_updates: ProgressUpdatesTable;
  plan_imports: PlanImportsTable;
  plan_column_choices: PlanColumnChoicesTable;
  plan_versions: PlanVersionsTable;
  publications: PublicationsTable;
  job_runs: JobRunsTable;
  plan_revisions: PlanRevisionsTable;
  reminder_log: ReminderLogTable;
  equality_groups: EqualityGroupsTable;
  group_members: GroupMembersTable;
  framework_definitions: FrameworkDefinitionsTable;
  assessments: AssessmentsTable;
  assessment_contributors: AssessmentContributorsTable;
  criterion_ratings: CriterionRatingsTable;
  rating_history: RatingHistoryTable;
  assessment_comments: AssessmentCommentsTable;
  evidence_files: EvidenceFilesTable;
  evidence_items: EvidenceItemsTable;
  record_links: RecordLinksTable;
  evidence_earlier_files: EvidenceEarlierFilesTable;
  areas: AreasTable;
  datasets: DatasetsTable;
  dataset_figures: DatasetFiguresTable;
  dataset_uploads: DatasetUploadsTable;
  data_catalogue: DataCatalogueTable;
  custom_area_members: CustomAreaMembersTable;
  dataset_shares: DatasetSharesTable;
  area_shapes: AreaShapesTable;
  monitored_services: MonitoredServicesTable;
  monitoring_periods: MonitoringPeriodsTable;
  monitoring_counts: MonitoringCountsTable;
  monitoring_crosses: MonitoringCrossesTable;
  objective_indicators: ObjectiveIndicatorsTable;
  payroll_snapshots: PayrollSnapshotsTable;
  payroll_rows: PayrollRowsTable;
  payroll_uploads: PayrollUploadsTable;
  gpg_register: GpgRegisterTable;
  employee_journeys: EmployeeJourneysTable;
  employee_journey_counts: EmployeeJourneyCountsTable;
  peer_challenges: PeerChallengesTable;
  challenge_findings: ChallengeFindingsTable;
  challenge_imports: ChallengeImportsTable;
  eqia_templates: EqiaTemplatesTable;
  eqia_programmes: EqiaProgrammesTable;
  impact_assessments: ImpactAssessmentsTable;
  eqia_comments: EqiaCommentsTable;
  eqia_publications: EqiaPublicationsTable;
  eqia_public_comments: EqiaPublicCommentsTable;
  eqia_reviewer_links: EqiaReviewerLinksTable;
}

/**
 * Tables that are not owned by one tenant, and why. Every other table must carry
 * organisation_id (test/tenancy-schema.test.ts checks the live schema against this list).
 */
export const GLOBAL_TABLES: Record<string, string> = {
  organisations: 'the tenants themselves',
  users: 'a person can belong to several organisations; membership is per organisation',
  login_attempts: 'rate limiting happens before we know which organisation a person will use',
  job_runs: "the service's own timers (reminders, clean-up), run once across all organisations",
  gpg_register: 'the public GOV.UK gender pay gap register, the same for every organisation',
  kysely_migration: 'schema bookkeeping',
  kysely_migration_lock: 'schema bookkeeping',
};

export type Organisation = Selectable<OrganisationsTable>;
export type User = Selectable<UsersTable>;
export type Membership = Selectable<MembershipsTable>;
export type NewAuditEvent = Insertable<AuditEventsTable>;
export type AuditEvent = Selectable<AuditEventsTable>;
export type OrganisationUpdate = Updateable<OrganisationsTable>;
