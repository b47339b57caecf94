import { sql, type Kysely } from 'kysely';

/**
 * Actions are withdrawn, never deleted: a withdrawn action keeps its row, progress and audit
 * trail, and leaves the plan, its counts and new versions. Its reference becomes free again (a
 * replaced plan may reuse 1.1), so uniqueness holds among the actions still in the plan.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table actions
      add column withdrawn_at timestamptz,
      add column withdrawn_reason text;
    alter table actions drop constraint actions_organisation_id_reference_key;
    create unique index actions_active_reference on actions (organisation_id, reference) where withdrawn_at is null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from actions where withdrawn_at is not null;
    drop index actions_active_reference;
    alter table actions add constraint actions_organisation_id_reference_key unique (organisation_id, reference);
    alter table actions drop column withdrawn_reason, drop column withdrawn_at;
  `.execute(db);
}
