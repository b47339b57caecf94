import { sql, type Kysely } from 'kysely';

/**
 * Equality impact assessments: each organisation's template (versioned; an assessment keeps a
 * copy of the version it was started on), programmes that group assessments (a budget round) for
 * their cumulative impact, the assessments themselves, and the critical friends' review comments
 * with the officer's response to each. Mitigations are actions in the plan, joined on the golden
 * thread (record_links), not here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table eqia_templates (
      organisation_id uuid not null references organisations(id) on delete cascade,
      version integer not null,
      definition jsonb not null,
      created_at timestamptz not null default now(),
      created_by_label text not null,
      primary key (organisation_id, version)
    );
    create table eqia_programmes (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      title text not null,
      description text not null default '',
      created_at timestamptz not null default now(),
      unique (organisation_id, title)
    );
    create table impact_assessments (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      programme_id uuid references eqia_programmes(id) on delete set null,
      title text not null,
      service text not null default '',
      lead_officer text not null default '',
      description text not null default '',
      affected text not null default '',
      decision_body text not null default '',
      area_code text,
      monitored_service_id uuid,
      template jsonb not null,
      screening jsonb not null default '{}',
      screening_reason text not null default '',
      impacts jsonb not null default '{}',
      aims jsonb not null default '{}',
      consultation text not null default '',
      outcome text check (outcome in ('no_change', 'adjust', 'continue', 'stop')),
      outcome_reason text not null default '',
      review_on date,
      status text not null default 'draft' check (status in ('draft', 'in_review', 'approved')),
      approved_by_label text,
      approved_at timestamptz,
      created_at timestamptz not null default now(),
      created_by_label text not null,
      version integer not null default 1
    );
    create index impact_assessments_organisation on impact_assessments (organisation_id, programme_id);
    create table eqia_comments (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      assessment_id uuid not null references impact_assessments(id) on delete cascade,
      author_user_id uuid,
      author_label text not null,
      text text not null,
      response text,
      responded_by_label text,
      responded_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index eqia_comments_assessment on eqia_comments (organisation_id, assessment_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table eqia_comments; drop table impact_assessments; drop table eqia_programmes; drop table eqia_templates;`.execute(
    db,
  );
}
