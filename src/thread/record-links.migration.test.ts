import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/connect.ts';
import { migrateTo, migrateToLatest } from '../db/migrate.ts';
import { createTestDatabase } from '../../test/helpers/database.ts';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

type Row = Record<string, unknown>;
const rows = async (query: ReturnType<typeof sql>) => (await query.execute(handle.db)).rows as Row[];

describe('moving the pairwise link tables into record_links', () => {
  it('carries every link across, and back again on the way down', async () => {
    await migrateTo(handle.db, '2026-12-02T1600-leads-on-actions');
    const db = handle.db;
    // One of everything the old tables could hold, in two organisations.
    await sql`
      insert into organisations (id, slug, name) values
        ('00000000-0000-4000-8000-000000000001', 'north', 'North'),
        ('00000000-0000-4000-8000-000000000002', 'south', 'South');
      insert into plan_areas (id, organisation_id, title, position) values
        ('00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-000000000001', 'Area', 1),
        ('00000000-0000-4000-8000-0000000000a2', '00000000-0000-4000-8000-000000000002', 'Area', 1);
      insert into objectives (id, organisation_id, title, kind) values
        ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-000000000001', 'Objective one', 'service'),
        ('00000000-0000-4000-8000-0000000000b2', '00000000-0000-4000-8000-000000000002', 'Objective two', 'service');
      insert into actions (id, organisation_id, area_id, reference, text, position, target_kind) values
        ('00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000a1', '1', 'Act', 1, 'none'),
        ('00000000-0000-4000-8000-0000000000c2', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-0000000000a2', '1', 'Act', 1, 'none');
      insert into action_objectives values
        ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-8000-0000000000b1'),
        ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-0000000000c2', '00000000-0000-4000-8000-0000000000b2');
      insert into assessments (id, organisation_id, title, framework_key, definition) values
        ('00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-000000000001', 'Self-assessment', 'eflg-2021', '{}');
      insert into assessment_actions values
        ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000d1', '1.2', '00000000-0000-4000-8000-0000000000c1');
      insert into evidence_items (id, organisation_id, title, kind, record_type, record_id) values
        ('00000000-0000-4000-8000-0000000000e1', '00000000-0000-4000-8000-000000000001', 'Minutes', 'record', 'action', '00000000-0000-4000-8000-0000000000c1');
      insert into evidence_items (id, organisation_id, title, kind, url) values
        ('00000000-0000-4000-8000-0000000000e2', '00000000-0000-4000-8000-000000000001', 'Report', 'link', 'https://example.org/r');
      insert into evidence_criteria values
        ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000e2', 'eflg-2021', '1.2'),
        ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000e2', 'nhs-eds-2022', 'Domain 1: 1A');
      insert into equality_groups (id, organisation_id, name) values
        ('00000000-0000-4000-8000-0000000000f1', '00000000-0000-4000-8000-000000000001', 'Staff network');
      insert into group_oversight values
        ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000f1', '00000000-0000-4000-8000-0000000000b1', null),
        ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000f1', null, '00000000-0000-4000-8000-0000000000c1');
    `.execute(db);

    await migrateToLatest(db);
    const links = await rows(sql`
      select right(organisation_id::text, 1) as org, from_type, right(from_id, 2) as from_id, to_type,
             regexp_replace(to_id, '^0{8}-0{4}-4000-8000-0{10}', '') as to_id
        from record_links order by 1, 2, 3, 4, 5`);
    expect(links).toEqual([
      { org: '1', from_type: 'action', from_id: 'c1', to_type: 'assessment-criterion', to_id: 'd1:1.2' },
      { org: '1', from_type: 'action', from_id: 'c1', to_type: 'objective', to_id: 'b1' },
      { org: '1', from_type: 'evidence', from_id: 'e1', to_type: 'action', to_id: 'c1' },
      { org: '1', from_type: 'evidence', from_id: 'e2', to_type: 'criterion', to_id: 'eflg-2021:1.2' },
      {
        org: '1',
        from_type: 'evidence',
        from_id: 'e2',
        to_type: 'criterion',
        to_id: 'nhs-eds-2022:Domain 1: 1A',
      },
      { org: '1', from_type: 'group', from_id: 'f1', to_type: 'action', to_id: 'c1' },
      { org: '1', from_type: 'group', from_id: 'f1', to_type: 'objective', to_id: 'b1' },
      { org: '2', from_type: 'action', from_id: 'c2', to_type: 'objective', to_id: 'b2' },
    ]);

    // And down again: the old tables come back with the same rows.
    await migrateTo(db, '2026-12-02T1600-leads-on-actions');
    expect(await rows(sql`select count(*)::int as n from action_objectives`)).toEqual([{ n: 2 }]);
    expect(await rows(sql`select criterion_ref from assessment_actions`)).toEqual([{ criterion_ref: '1.2' }]);
    expect(await rows(sql`select framework_id, criterion_ref from evidence_criteria order by 1`)).toEqual([
      { framework_id: 'eflg-2021', criterion_ref: '1.2' },
      { framework_id: 'nhs-eds-2022', criterion_ref: 'Domain 1: 1A' },
    ]);
    expect(await rows(sql`select record_type from evidence_items where kind = 'record'`)).toEqual([
      { record_type: 'action' },
    ]);
    expect(await rows(sql`select count(*)::int as n from group_oversight`)).toEqual([{ n: 2 }]);
    await migrateToLatest(db);
  });
});
