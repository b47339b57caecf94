import { sql, type Kysely } from 'kysely';

// Frozen: equality groups (governance), as of 2026-11-22.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table equality_groups (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      name text not null,
      purpose text,
      created_at timestamptz not null default now(),
      unique (organisation_id, name)
    );

    create table group_members (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      group_id uuid not null references equality_groups(id) on delete cascade,
      user_id uuid references users(id) on delete set null,
      name text not null,
      role_in_group text,
      created_at timestamptz not null default now()
    );
    create index group_members_group on group_members (group_id);

    create table group_oversight (
      organisation_id uuid not null references organisations(id) on delete cascade,
      group_id uuid not null references equality_groups(id) on delete cascade,
      objective_id uuid references objectives(id) on delete cascade,
      action_id uuid references actions(id) on delete cascade,
      check ((objective_id is null) <> (action_id is null))
    );
    create unique index group_oversight_objective on group_oversight (group_id, objective_id) where objective_id is not null;
    create unique index group_oversight_action on group_oversight (group_id, action_id) where action_id is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table group_oversight;
    drop table group_members;
    drop table equality_groups;
  `.execute(db);
}
