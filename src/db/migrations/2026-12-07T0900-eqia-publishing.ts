import { sql, type Kysely } from 'kysely';

/**
 * Impact assessments in public and beyond the staff: an assessment's owner (whose digest names its
 * review date), frozen publications on the public register (a new publication withdraws the one
 * before, so one stays live), comments the public sends about a published assessment, and links
 * that let a critical friend without an account read and comment on one assessment. A link's token
 * is kept only as a keyed hash.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table impact_assessments add column owner_user_id uuid references users(id) on delete set null;
    create table eqia_publications (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      assessment_id uuid not null references impact_assessments(id) on delete cascade,
      snapshot jsonb not null,
      published_at timestamptz not null,
      published_by_label text not null,
      withdrawn_at timestamptz,
      withdrawn_by_label text
    );
    create unique index eqia_publications_live on eqia_publications (assessment_id) where withdrawn_at is null;
    create index eqia_publications_organisation on eqia_publications (organisation_id, published_at);
    create table eqia_public_comments (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      publication_id uuid not null references eqia_publications(id) on delete cascade,
      assessment_id uuid not null references impact_assessments(id) on delete cascade,
      name text not null default '',
      email text not null default '',
      text text not null,
      received_at timestamptz not null
    );
    create index eqia_public_comments_assessment on eqia_public_comments (organisation_id, assessment_id);
    create table eqia_reviewer_links (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      assessment_id uuid not null references impact_assessments(id) on delete cascade,
      token_hash text not null unique,
      reviewer_name text not null,
      reviewer_group text not null default '',
      created_by_label text not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      revoked_at timestamptz
    );
    create index eqia_reviewer_links_assessment on eqia_reviewer_links (organisation_id, assessment_id);
    alter table eqia_comments add column reviewer_link_id uuid references eqia_reviewer_links(id) on delete set null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table eqia_comments drop column reviewer_link_id;
    drop table eqia_reviewer_links; drop table eqia_public_comments; drop table eqia_publications;
    alter table impact_assessments drop column owner_user_id;
  `.execute(db);
}
