import { sql, type Kysely } from 'kysely';

/**
 * A lead row points at its action through (organisation_id, action_id) instead of two separate
 * keys. The database then refuses a lead whose action belongs to another organisation, and it
 * checks one key per row instead of two: an import writes thousands of leads, and each check is
 * a lookup (the organisation still cascades, through the action).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table actions add constraint actions_tenant_key unique (organisation_id, id);
    alter table action_leads
      drop constraint action_leads_organisation_id_fkey,
      drop constraint action_leads_action_id_fkey,
      add constraint action_leads_action_fkey foreign key (organisation_id, action_id)
        references actions (organisation_id, id) on delete cascade;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table action_leads
      drop constraint action_leads_action_fkey,
      add constraint action_leads_organisation_id_fkey foreign key (organisation_id)
        references organisations (id) on delete cascade,
      add constraint action_leads_action_id_fkey foreign key (action_id) references actions (id) on delete cascade;
    alter table actions drop constraint actions_tenant_key;
  `.execute(db);
}
