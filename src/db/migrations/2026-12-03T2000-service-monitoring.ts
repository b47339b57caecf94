import { sql, type Kysely } from 'kysely';

/**
 * Service-user monitoring: the services an organisation monitors (with the area they serve, to
 * compare with its population) and, for each period imported, aggregates only: how many people
 * gave each answer to each question, and each pair of questions crossed. No row about a person
 * is kept. A period imported again replaces its aggregates, in one transaction.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table monitored_services (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      name text not null,
      catchment_area_code text,
      created_at timestamptz not null default now(),
      unique (organisation_id, name)
    );
    create table monitoring_periods (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      service_id uuid not null references monitored_services(id) on delete cascade,
      period text not null,
      bank_version text not null,
      layout text not null,
      people integer not null,
      file_name text not null,
      imported_at timestamptz not null default now(),
      imported_by_label text not null,
      unique (service_id, period)
    );
    create table monitoring_counts (
      organisation_id uuid not null,
      period_id uuid not null references monitoring_periods(id) on delete cascade,
      question text not null,
      answer text not null,
      count integer not null,
      primary key (period_id, question, answer)
    );
    create table monitoring_crosses (
      organisation_id uuid not null,
      period_id uuid not null references monitoring_periods(id) on delete cascade,
      row_question text not null,
      column_question text not null,
      row_answer text not null,
      column_answer text not null,
      count integer not null,
      primary key (period_id, row_question, column_question, row_answer, column_answer)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table monitoring_crosses; drop table monitoring_counts; drop table monitoring_periods; drop table monitored_services;`.execute(
    db,
  );
}
