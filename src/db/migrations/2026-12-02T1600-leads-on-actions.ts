import { sql, type Kysely } from 'kysely';

/**
 * An action's lead officers move into the action's own row, as an ordered list of
 * { name, team, userId }: they are part of the action (written, edited and read with it), and a
 * plan of thousands of actions no longer writes, checks and indexes a separate row per lead.
 * Nothing is lost: every lead keeps its place, team and account.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table actions add column leads jsonb not null default '[]';
    update actions a set leads = l.leads
      from (select action_id,
                   jsonb_agg(jsonb_build_object('name', name, 'team', team, 'userId', user_id) order by position) as leads
              from action_leads group by action_id) l
     where l.action_id = a.id;
    drop table action_leads;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table action_leads (
      organisation_id uuid not null,
      action_id uuid not null,
      position integer not null,
      name text not null,
      team text,
      user_id uuid references users(id) on delete set null,
      primary key (action_id, position),
      foreign key (organisation_id, action_id) references actions (organisation_id, id) on delete cascade
    );
    create index action_leads_user on action_leads (organisation_id, user_id);
    insert into action_leads (organisation_id, action_id, position, name, team, user_id)
      select a.organisation_id, a.id, (e.ord - 1)::int, e.value->>'name', e.value->>'team', (e.value->>'userId')::uuid
        from actions a cross join lateral jsonb_array_elements(a.leads) with ordinality as e(value, ord);
    alter table actions drop column leads;
  `.execute(db);
}
