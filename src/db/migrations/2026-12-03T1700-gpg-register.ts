import { sql, type Kysely } from 'kysely';

/**
 * The GOV.UK gender pay gap register: what every employer of 250 or more published, year by year
 * (gender-pay-gap.service.gov.uk's downloads). Public data, the same for every organisation, so it
 * belongs to none: an operator loads each year's file; every organisation compares itself with it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table gpg_register (
      employer_id integer not null,
      snapshot_year integer not null,
      employer_name text not null,
      employer_size text not null,
      sic_codes text not null,
      diff_mean_hourly double precision,
      diff_median_hourly double precision,
      diff_mean_bonus double precision,
      diff_median_bonus double precision,
      male_bonus double precision,
      female_bonus double precision,
      female_lower_quartile double precision,
      female_lower_middle_quartile double precision,
      female_upper_middle_quartile double precision,
      female_top_quartile double precision,
      primary key (employer_id, snapshot_year)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table gpg_register;`.execute(db);
}
