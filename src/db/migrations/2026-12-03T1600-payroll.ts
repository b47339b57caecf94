import { sql, type Kysely } from 'kysely';

/**
 * Payroll snapshots for pay gap reporting: one per snapshot date (31 March for public bodies in
 * England), never overwritten by a later one. Each row is one relevant employee, keyed by a
 * keyed hash of their reference (the reference itself is never stored), with what the pay gap
 * calculations need and nothing more. An upload waits in payroll_uploads until it is confirmed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table payroll_snapshots (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      snapshot_date date not null,
      file_name text not null,
      employees integer not null,
      -- What the organisation says about its gaps, and what it is doing: published with the figures.
      narrative text,
      version integer not null default 1,
      imported_at timestamptz not null default now(),
      imported_by_label text not null
    );
    create index payroll_snapshots_org on payroll_snapshots (organisation_id, snapshot_date desc);

    create table payroll_rows (
      snapshot_id uuid not null references payroll_snapshots(id) on delete cascade,
      organisation_id uuid not null references organisations(id) on delete cascade,
      employee_key text not null,
      sex text,
      ethnicity text,
      disability text,
      grade text,
      directorate text,
      ordinary_pay double precision not null,
      period_bonus double precision not null,
      period_days double precision not null,
      weekly_hours double precision not null,
      full_pay boolean not null,
      year_bonus double precision not null,
      primary key (snapshot_id, employee_key)
    );

    create table payroll_uploads (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      file_name text not null,
      snapshot_date date not null,
      content text not null,
      imported_at timestamptz,
      created_at timestamptz not null default now()
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table payroll_uploads; drop table payroll_rows; drop table payroll_snapshots;`.execute(db);
}
