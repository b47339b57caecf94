import { sql, type Kysely } from 'kysely';

// Frozen: frameworks, self-assessments and the evidence library, as of 2026-11-22.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Definitions an organisation has imported (built-in ones ship as files).
    create table framework_definitions (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      framework_id text not null,
      framework_version text not null,
      definition jsonb not null,
      imported_by_label text not null,
      created_at timestamptz not null default now(),
      unique (organisation_id, framework_id, framework_version)
    );

    -- An assessment keeps its own copy of the definition it was started against, so a later
    -- import can never change the criteria underneath it.
    create table assessments (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      title text not null,
      framework_key text not null,
      definition jsonb not null,
      scope text[] not null default '{}',
      target_level text,
      owner_user_id uuid references users(id) on delete set null,
      shared_with_assessors boolean not null default false,
      status text not null default 'in_progress' check (status in ('in_progress', 'submitted', 'closed')),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index assessments_organisation on assessments (organisation_id);

    create table assessment_contributors (
      organisation_id uuid not null references organisations(id) on delete cascade,
      assessment_id uuid not null references assessments(id) on delete cascade,
      area_id text not null,
      user_id uuid not null references users(id) on delete cascade,
      primary key (assessment_id, area_id, user_id)
    );

    create table criterion_ratings (
      organisation_id uuid not null references organisations(id) on delete cascade,
      assessment_id uuid not null references assessments(id) on delete cascade,
      criterion_ref text not null,
      rating text not null default 'not_started' check (rating in ('not_started', 'partly_met', 'met')),
      score integer,
      narrative text,
      owner_user_id uuid references users(id) on delete set null,
      review_date date,
      version integer not null default 1,
      updated_at timestamptz not null default now(),
      updated_by_label text,
      primary key (assessment_id, criterion_ref)
    );

    create table rating_history (
      id uuid primary key default gen_random_uuid(),
      sequence bigserial not null,
      organisation_id uuid not null references organisations(id) on delete cascade,
      assessment_id uuid not null references assessments(id) on delete cascade,
      criterion_ref text not null,
      rating text not null,
      score integer,
      changed_by_label text not null,
      changed_at timestamptz not null default now()
    );
    create index rating_history_assessment on rating_history (assessment_id, sequence);

    create table assessment_comments (
      id uuid primary key default gen_random_uuid(),
      sequence bigserial not null,
      organisation_id uuid not null references organisations(id) on delete cascade,
      assessment_id uuid not null references assessments(id) on delete cascade,
      criterion_ref text not null,
      author_user_id uuid references users(id) on delete set null,
      author_label text not null,
      author_role text not null,
      body text not null,
      created_at timestamptz not null default now()
    );
    create index assessment_comments_criterion on assessment_comments (assessment_id, criterion_ref, sequence);

    create table assessment_actions (
      organisation_id uuid not null references organisations(id) on delete cascade,
      assessment_id uuid not null references assessments(id) on delete cascade,
      criterion_ref text not null,
      action_id uuid not null references actions(id) on delete cascade,
      primary key (assessment_id, criterion_ref, action_id)
    );
    create index assessment_actions_action on assessment_actions (action_id);

    create table evidence_files (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      file_name text not null,
      content_type text not null,
      size_bytes integer not null,
      sha256 text not null,
      content bytea,
      storage_path text,
      created_at timestamptz not null default now(),
      check ((content is null) <> (storage_path is null))
    );

    create table evidence_items (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      title text not null,
      kind text not null check (kind in ('upload', 'link', 'record')),
      url text,
      record_type text check (record_type in ('action', 'objective')),
      record_id uuid,
      file_id uuid references evidence_files(id) on delete restrict,
      description text,
      owner_user_id uuid references users(id) on delete set null,
      evidence_date date,
      review_date date,
      strands text[] not null default '{}',
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((kind = 'upload') = (file_id is not null)),
      check ((kind = 'link') = (url is not null)),
      check ((kind = 'record') = (record_id is not null and record_type is not null))
    );
    create index evidence_items_organisation on evidence_items (organisation_id, title);

    -- Evidence serves criteria by framework (eflg-2021, nhs-eds-2022…), not by one assessment:
    -- the same document supports every assessment against that framework, in any version.
    create table evidence_criteria (
      organisation_id uuid not null references organisations(id) on delete cascade,
      evidence_id uuid not null references evidence_items(id) on delete cascade,
      framework_id text not null,
      criterion_ref text not null,
      primary key (evidence_id, framework_id, criterion_ref)
    );
    create index evidence_criteria_lookup on evidence_criteria (organisation_id, framework_id, criterion_ref);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table evidence_criteria;
    drop table evidence_items;
    drop table evidence_files;
    drop table assessment_actions;
    drop table assessment_comments;
    drop table rating_history;
    drop table criterion_ratings;
    drop table assessment_contributors;
    drop table assessments;
    drop table framework_definitions;
  `.execute(db);
}
