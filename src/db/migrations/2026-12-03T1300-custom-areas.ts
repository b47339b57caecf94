import { sql, type Kysely } from 'kysely';

/**
 * Custom areas (an estate, a neighbourhood partnership area) are areas of level "custom" made of
 * a set of the organisation's other areas, all of one level: their members. Their figures are the
 * sums of their members', worked out at import and when the area is made, like every roll-up.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table custom_area_members (
      organisation_id uuid not null references organisations(id) on delete cascade,
      area_code text not null,
      member_code text not null,
      primary key (organisation_id, area_code, member_code)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table custom_area_members;`.execute(db);
}
