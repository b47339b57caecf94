import { sql, type Kysely } from 'kysely';

// Frozen: equality objectives and the corporate action plan, as of 2026-11-22.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table plan_areas (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      position integer not null,
      title text not null,
      description text,
      criteria_heading text,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organisation_id, title)
    );

    create table objectives (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      reference text,
      title text not null,
      description text,
      kind text not null check (kind in ('organisational', 'service')),
      ways jsonb not null default '[]',
      owner_name text,
      period_start date,
      review_due date,
      indicators text,
      criteria_refs text[] not null default '{}',
      status text not null default 'active' check (status in ('draft', 'active', 'achieved', 'withdrawn')),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index objectives_organisation on objectives (organisation_id);

    create table actions (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      area_id uuid references plan_areas(id) on delete set null,
      parent_id uuid references actions(id) on delete cascade,
      reference text not null,
      position integer not null,
      text text not null,
      target_kind text not null check (target_kind in ('date', 'range', 'ongoing', 'completed', 'none')),
      target_text text not null default '',
      target_start date,
      target_end date,
      completed_on date,
      criteria_refs text[] not null default '{}',
      strands text[] not null default '{}',
      partners text[] not null default '{}',
      linked_to text,
      percent_complete integer check (percent_complete between 0 and 100),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organisation_id, reference)
    );
    create index actions_area on actions (organisation_id, area_id, position);
    create index actions_parent on actions (parent_id);

    create table action_leads (
      organisation_id uuid not null references organisations(id) on delete cascade,
      action_id uuid not null references actions(id) on delete cascade,
      position integer not null,
      name text not null,
      team text,
      user_id uuid references users(id) on delete set null,
      primary key (action_id, position)
    );
    create index action_leads_user on action_leads (organisation_id, user_id);

    create table action_objectives (
      organisation_id uuid not null references organisations(id) on delete cascade,
      action_id uuid not null references actions(id) on delete cascade,
      objective_id uuid not null references objectives(id) on delete cascade,
      primary key (action_id, objective_id)
    );

    create table progress_updates (
      id uuid primary key default gen_random_uuid(),
      -- Insertion order: two updates in the same instant still have a latest one.
      sequence bigint generated always as identity,
      organisation_id uuid not null references organisations(id) on delete cascade,
      action_id uuid not null references actions(id) on delete cascade,
      author_user_id uuid references users(id) on delete set null,
      author_label text not null,
      note text not null,
      state text not null check (state in ('on_track', 'at_risk', 'completed')),
      percent_complete integer check (percent_complete between 0 and 100),
      created_at timestamptz not null default now()
    );
    create index progress_updates_action on progress_updates (action_id, created_at desc, sequence desc);

    create table plan_imports (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      file_name text not null,
      format text not null,
      parsed jsonb not null,
      created_by uuid references users(id) on delete set null,
      created_at timestamptz not null default now(),
      committed_at timestamptz
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table plan_imports;
    drop table progress_updates;
    drop table action_objectives;
    drop table action_leads;
    drop table actions;
    drop table objectives;
    drop table plan_areas;
  `.execute(db);
}
