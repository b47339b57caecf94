import { sql, type Kysely } from 'kysely';

/**
 * Peer challenges: the visit (framework, level validated, dates, team, conclusion), each finding
 * the team wrote (strengths and areas for consideration by area, recommendations, innovative
 * practice, signposting) with the council's response to it, and reports read but not yet
 * imported, kept until the person confirms what was read. Actions a finding leads to are joined
 * on the golden thread (record_links), not here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table peer_challenges (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      title text not null,
      framework_name text,
      level text check (level in ('developing', 'achieving', 'excellent')),
      visited_on date,
      revisit_on date,
      conclusion text,
      summary jsonb not null default '[]',
      observations jsonb not null default '[]',
      team jsonb not null default '[]',
      other_responses jsonb not null default '[]',
      source_file_name text,
      created_at timestamptz not null default now(),
      created_by_label text not null,
      version integer not null default 1
    );
    create index peer_challenges_organisation on peer_challenges (organisation_id);
    create table challenge_findings (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      challenge_id uuid not null references peer_challenges(id) on delete cascade,
      position integer not null,
      kind text not null
        check (kind in ('recommendation', 'strength', 'consideration', 'innovative', 'signpost')),
      area text,
      number text not null,
      theme text,
      text text not null,
      response_stance text check (response_stance in ('agreed', 'partly', 'not_agreed')),
      response_text text not null default '',
      response_from_report boolean not null default false,
      response_updated_at timestamptz,
      response_updated_by_label text,
      version integer not null default 1,
      unique (challenge_id, position)
    );
    create index challenge_findings_organisation on challenge_findings (organisation_id, challenge_id);
    create table challenge_imports (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      file_name text not null,
      format text not null,
      reading jsonb not null,
      created_at timestamptz not null default now(),
      created_by_label text not null
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table challenge_imports; drop table challenge_findings; drop table peer_challenges;`.execute(
    db,
  );
}
