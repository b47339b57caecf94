import { sql, type Kysely } from 'kysely';

/**
 * A sign-in attempt is recorded before its password is checked, as a claim whose outcome is not
 * yet known (`succeeded` null, counted as a failure until it is settled). Checking the limits and
 * recording the claim happen in one locked step, so parallel attempts cannot all slip under the
 * limit. The new index serves the per-account-and-address count.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table login_attempts alter column succeeded drop not null;
    create index login_attempts_email_ip on login_attempts (email, ip, attempted_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index login_attempts_email_ip;
    update login_attempts set succeeded = false where succeeded is null;
    alter table login_attempts alter column succeeded set not null;
  `.execute(db);
}
