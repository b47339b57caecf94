import { sql, type Kysely } from 'kysely';

/**
 * A dataset's aggregates shared with a partner organisation on the same service (a district
 * with its county, a council with its police and NHS partners). The row belongs to the owner;
 * the partner reads the figures through it, read-only and under the owner's disclosure policy,
 * until the owner revokes it. Revoked shares are kept, for the record.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table dataset_shares (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id) on delete cascade,
      dataset_id uuid not null references datasets(id) on delete cascade,
      partner_organisation_id uuid not null references organisations(id) on delete cascade,
      purpose text not null,
      shared_at timestamptz not null default now(),
      shared_by_label text not null,
      revoked_at timestamptz,
      revoked_by_label text
    );
    create index dataset_shares_partner on dataset_shares (partner_organisation_id) where revoked_at is null;
    create unique index dataset_shares_once on dataset_shares (dataset_id, partner_organisation_id) where revoked_at is null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table dataset_shares;`.execute(db);
}
