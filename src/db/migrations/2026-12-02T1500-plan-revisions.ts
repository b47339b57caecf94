import { sql, type Kysely } from 'kysely';

/** Every table whose rows the plan page shows. */
const PLAN_TABLES = [
  'actions',
  'action_leads',
  'progress_updates',
  'action_objectives',
  'plan_areas',
  'objectives',
];

/**
 * A counter per organisation that the database itself moves on whenever anything the plan page
 * shows changes, by statement-level triggers (one bump per statement, not per row, so an import
 * of thousands of actions costs one). A server may then keep the plan it read and reuse it while
 * the counter stands still — across every server, since the counter lives in the database and no
 * code path can forget to move it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table plan_revisions (
      organisation_id uuid primary key references organisations(id) on delete cascade,
      revision bigint not null default 0
    );
    create function bump_plan_revision() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        insert into plan_revisions (organisation_id, revision)
          select distinct organisation_id, 1 from old_rows
          on conflict (organisation_id) do update set revision = plan_revisions.revision + 1;
      else
        insert into plan_revisions (organisation_id, revision)
          select distinct organisation_id, 1 from new_rows
          on conflict (organisation_id) do update set revision = plan_revisions.revision + 1;
      end if;
      return null;
    end
    $$;
  `.execute(db);
  for (const table of PLAN_TABLES) {
    await sql
      .raw(
        `create trigger ${table}_revision_insert after insert on ${table} referencing new table as new_rows
           for each statement execute function bump_plan_revision();
         create trigger ${table}_revision_update after update on ${table} referencing new table as new_rows
           for each statement execute function bump_plan_revision();
         create trigger ${table}_revision_delete after delete on ${table} referencing old table as old_rows
           for each statement execute function bump_plan_revision();`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of PLAN_TABLES)
    await sql
      .raw(
        `drop trigger ${table}_revision_insert on ${table}; drop trigger ${table}_revision_update on ${table}; drop trigger ${table}_revision_delete on ${table};`,
      )
      .execute(db);
  await sql`drop function bump_plan_revision(); drop table plan_revisions;`.execute(db);
}
