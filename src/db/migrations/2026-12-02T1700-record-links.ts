import { sql, type Kysely } from 'kysely';

/**
 * The golden thread becomes one table. Until now each pair of record types had its own link
 * table (action↔objective, assessment criterion↔action, evidence↔criterion, group↔objective or
 * action) and evidence pointed at "its" record through two columns; each new record type would
 * have multiplied them. Every existing link is copied across, then the old tables and columns
 * go. Ids are text because two record types have composite ids (`<framework>:<ref>`,
 * `<assessment>:<ref>`); see src/thread/record-types.ts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table record_links (
      organisation_id uuid not null references organisations(id) on delete cascade,
      from_type text not null,
      from_id text not null,
      to_type text not null,
      to_id text not null,
      created_at timestamptz not null default now(),
      created_by_label text,
      primary key (organisation_id, from_type, from_id, to_type, to_id),
      check (from_type <> to_type or from_id <> to_id)
    );
    create index record_links_to on record_links (organisation_id, to_type, to_id);

    insert into record_links (organisation_id, from_type, from_id, to_type, to_id, created_by_label)
      select organisation_id, 'action', action_id::text, 'objective', objective_id::text, 'Moved from the earlier link table'
        from action_objectives;
    insert into record_links (organisation_id, from_type, from_id, to_type, to_id, created_by_label)
      select organisation_id, 'action', action_id::text, 'assessment-criterion', assessment_id::text || ':' || criterion_ref,
             'Moved from the earlier link table'
        from assessment_actions;
    insert into record_links (organisation_id, from_type, from_id, to_type, to_id, created_by_label)
      select organisation_id, 'evidence', evidence_id::text, 'criterion', framework_id || ':' || criterion_ref,
             'Moved from the earlier link table'
        from evidence_criteria;
    insert into record_links (organisation_id, from_type, from_id, to_type, to_id, created_by_label)
      select organisation_id, 'evidence', id::text, record_type, record_id::text, 'Moved from the evidence item'
        from evidence_items where record_type is not null and record_id is not null;
    insert into record_links (organisation_id, from_type, from_id, to_type, to_id, created_by_label)
      select distinct organisation_id, 'group', group_id::text,
             case when objective_id is not null then 'objective' else 'action' end,
             coalesce(objective_id, action_id)::text, 'Moved from the earlier link table'
        from group_oversight;

    drop table action_objectives;
    drop table assessment_actions;
    drop table evidence_criteria;
    drop table group_oversight;
    alter table evidence_items drop column record_type, drop column record_id;

    -- The plan page shows each action's objectives, so those links move the plan's revision on
    -- (see 2026-12-02T1500-plan-revisions); links that never reach the plan page do not.
    create function bump_plan_revision_for_links() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        insert into plan_revisions (organisation_id, revision)
          select distinct organisation_id, 1 from old_rows where from_type = 'action' and to_type = 'objective'
          on conflict (organisation_id) do update set revision = plan_revisions.revision + 1;
      else
        insert into plan_revisions (organisation_id, revision)
          select distinct organisation_id, 1 from new_rows where from_type = 'action' and to_type = 'objective'
          on conflict (organisation_id) do update set revision = plan_revisions.revision + 1;
      end if;
      return null;
    end
    $$;
    create trigger record_links_revision_insert after insert on record_links referencing new table as new_rows
      for each statement execute function bump_plan_revision_for_links();
    create trigger record_links_revision_delete after delete on record_links referencing old table as old_rows
      for each statement execute function bump_plan_revision_for_links();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table action_objectives (
      organisation_id uuid not null references organisations(id) on delete cascade,
      action_id uuid not null references actions(id) on delete cascade,
      objective_id uuid not null references objectives(id) on delete cascade,
      primary key (action_id, objective_id)
    );
    insert into action_objectives
      select organisation_id, from_id::uuid, to_id::uuid from record_links where from_type = 'action' and to_type = 'objective';
    create table assessment_actions (
      organisation_id uuid not null references organisations(id) on delete cascade,
      assessment_id uuid not null references assessments(id) on delete cascade,
      criterion_ref text not null,
      action_id uuid not null references actions(id) on delete cascade,
      primary key (assessment_id, criterion_ref, action_id)
    );
    insert into assessment_actions
      select organisation_id, split_part(to_id, ':', 1)::uuid, substr(to_id, position(':' in to_id) + 1), from_id::uuid
        from record_links where from_type = 'action' and to_type = 'assessment-criterion';
    create table evidence_criteria (
      organisation_id uuid not null references organisations(id) on delete cascade,
      evidence_id uuid not null references evidence_items(id) on delete cascade,
      framework_id text not null,
      criterion_ref text not null,
      primary key (evidence_id, framework_id, criterion_ref)
    );
    insert into evidence_criteria
      select organisation_id, from_id::uuid, split_part(to_id, ':', 1), substr(to_id, position(':' in to_id) + 1)
        from record_links where from_type = 'evidence' and to_type = 'criterion';
    create table group_oversight (
      organisation_id uuid not null references organisations(id) on delete cascade,
      group_id uuid not null references equality_groups(id) on delete cascade,
      objective_id uuid references objectives(id) on delete cascade,
      action_id uuid references actions(id) on delete cascade,
      check ((objective_id is null) <> (action_id is null))
    );
    insert into group_oversight
      select organisation_id, from_id::uuid,
             case when to_type = 'objective' then to_id::uuid end, case when to_type = 'action' then to_id::uuid end
        from record_links where from_type = 'group';
    alter table evidence_items add column record_type text, add column record_id uuid;
    update evidence_items e set record_type = l.to_type, record_id = l.to_id::uuid
      from (select distinct on (from_id) from_id, to_type, to_id from record_links
             where from_type = 'evidence' and to_type in ('action', 'objective') order by from_id, created_at) l
     where e.kind = 'record' and l.from_id = e.id::text;
    drop table record_links;
    drop function bump_plan_revision_for_links();
  `.execute(db);
}
