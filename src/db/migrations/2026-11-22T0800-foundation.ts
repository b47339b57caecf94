import { sql, type Kysely } from 'kysely';

// Frozen: this file describes the schema as it was on 2026-11-22. Never edit it after it lands;
// add a later migration instead. It imports nothing from the application on purpose.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table organisations (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      name text not null check (length(name) between 1 and 200),
      brand_colour text check (brand_colour ~ '^#[0-9a-f]{6}$'),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table users (
      id uuid primary key default gen_random_uuid(),
      email text not null unique check (email = lower(email)),
      display_name text not null,
      password_hash text,
      is_demo boolean not null default false,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      password_changed_at timestamptz
    );

    create table memberships (
      organisation_id uuid not null references organisations(id) on delete cascade,
      user_id uuid not null references users(id) on delete cascade,
      role text not null check (role in ('admin', 'equality_lead', 'contributor', 'viewer', 'assessor')),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (organisation_id, user_id)
    );
    create index memberships_user on memberships (user_id);

    create table invitations (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      email text not null check (email = lower(email)),
      display_name text not null,
      role text not null check (role in ('admin', 'equality_lead', 'contributor', 'viewer', 'assessor')),
      token_hash text not null unique,
      invited_by uuid references users(id) on delete set null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      accepted_at timestamptz,
      revoked_at timestamptz
    );
    create index invitations_organisation on invitations (organisation_id, created_at desc);

    create table sessions (
      token_hash text primary key,
      user_id uuid references users(id) on delete cascade,
      organisation_id uuid references organisations(id) on delete set null,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      user_agent text,
      ip text
    );
    create index sessions_user on sessions (user_id);
    create index sessions_expiry on sessions (expires_at);

    create table login_attempts (
      id bigint generated always as identity primary key,
      email text not null,
      ip text not null,
      succeeded boolean not null,
      attempted_at timestamptz not null default now()
    );
    create index login_attempts_email on login_attempts (email, attempted_at);
    create index login_attempts_ip on login_attempts (ip, attempted_at);

    create table audit_events (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      actor_user_id uuid references users(id) on delete set null,
      actor_label text not null,
      action text not null,
      entity_type text not null,
      entity_id text,
      summary text not null,
      before jsonb,
      after jsonb,
      request_id text,
      occurred_at timestamptz not null default now()
    );
    create index audit_events_recent on audit_events (organisation_id, occurred_at desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table audit_events;
    drop table login_attempts;
    drop table sessions;
    drop table invitations;
    drop table memberships;
    drop table users;
    drop table organisations;
  `.execute(db);
}
