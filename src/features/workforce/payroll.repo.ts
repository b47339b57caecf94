import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { RegisterRow } from './gpg-register-file.ts';
import type { PayRowStored } from './payroll.service.ts';

export interface SnapshotRow {
  id: string;
  snapshotDate: string;
  fileName: string;
  employees: number;
  narrative: string | null;
  version: number;
  importedAt: Date;
  importedByLabel: string;
}

const snapshotColumns = [
  'id',
  sql<string>`to_char(snapshot_date, 'YYYY-MM-DD')`.as('snapshotDate'),
  'file_name as fileName',
  'employees',
  'narrative',
  'version',
  'imported_at as importedAt',
  'imported_by_label as importedByLabel',
] as const;

const BATCH = 10_000;

export function createPayrollRepo() {
  return {
    async snapshots(db: Db, organisationId: string): Promise<SnapshotRow[]> {
      return db
        .selectFrom('payroll_snapshots')
        .select(snapshotColumns)
        .where('organisation_id', '=', organisationId)
        .orderBy('snapshot_date', 'desc')
        .orderBy('imported_at', 'desc')
        .execute();
    },

    async snapshot(db: Db, organisationId: string, id: string): Promise<SnapshotRow | undefined> {
      return db
        .selectFrom('payroll_snapshots')
        .select(snapshotColumns)
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
    },

    async insertSnapshot(
      db: Db,
      organisationId: string,
      snapshot: { snapshotDate: string; fileName: string; employees: number; importedByLabel: string },
    ): Promise<string> {
      const row = await db
        .insertInto('payroll_snapshots')
        .values({
          organisation_id: organisationId,
          snapshot_date: snapshot.snapshotDate,
          file_name: snapshot.fileName,
          employees: snapshot.employees,
          imported_by_label: snapshot.importedByLabel,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** Rows go as arrays unnested by the database: a large council has tens of thousands. */
    /** Saves the narrative if the snapshot is still at `version`; false when someone saved first. */
    async saveNarrative(
      db: Db,
      organisationId: string,
      id: string,
      version: number,
      narrative: string | null,
    ): Promise<boolean> {
      const result = await db
        .updateTable('payroll_snapshots')
        .set((eb) => ({ narrative, version: eb('version', '+', 1) }))
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async insertRows(
      db: Db,
      organisationId: string,
      snapshotId: string,
      rows: PayRowStored[],
    ): Promise<void> {
      for (let start = 0; start < rows.length; start += BATCH) {
        const chunk = rows.slice(start, start + BATCH);
        const column = <K extends keyof PayRowStored>(key: K) => chunk.map((row) => row[key]);
        await sql`
          insert into payroll_rows (snapshot_id, organisation_id, employee_key, sex, ethnicity, disability, grade,
                                    directorate, ordinary_pay, period_bonus, period_days, weekly_hours, full_pay, year_bonus)
          select ${snapshotId}::uuid, ${organisationId}::uuid, * from unnest(
            ${column('employeeKey')}::text[], ${column('sex')}::text[], ${column('ethnicity')}::text[],
            ${column('disability')}::text[], ${column('grade')}::text[], ${column('directorate')}::text[],
            ${column('ordinaryPay')}::float8[], ${column('periodBonus')}::float8[], ${column('periodDays')}::float8[],
            ${column('weeklyHours')}::float8[], ${column('fullPay')}::bool[], ${column('yearBonus')}::float8[])`.execute(
          db,
        );
      }
    },

    async rows(db: Db, organisationId: string, snapshotId: string): Promise<PayRowStored[]> {
      return db
        .selectFrom('payroll_rows')
        .select([
          'employee_key as employeeKey',
          'sex',
          'ethnicity',
          'disability',
          'grade',
          'directorate',
          'ordinary_pay as ordinaryPay',
          'period_bonus as periodBonus',
          'period_days as periodDays',
          'weekly_hours as weeklyHours',
          'full_pay as fullPay',
          'year_bonus as yearBonus',
        ])
        .where('organisation_id', '=', organisationId)
        .where('snapshot_id', '=', snapshotId)
        .execute() as Promise<PayRowStored[]>;
    },

    async insertUpload(
      db: Db,
      organisationId: string,
      upload: { fileName: string; snapshotDate: string; content: string },
    ): Promise<string> {
      const row = await db
        .insertInto('payroll_uploads')
        .values({
          organisation_id: organisationId,
          file_name: upload.fileName,
          snapshot_date: upload.snapshotDate,
          content: upload.content,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async upload(db: Db, organisationId: string, id: string) {
      return db
        .selectFrom('payroll_uploads')
        .select([
          'file_name as fileName',
          sql<string>`to_char(snapshot_date, 'YYYY-MM-DD')`.as('snapshotDate'),
          'content',
          'imported_at as importedAt',
        ])
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
    },

    async markImported(db: Db, organisationId: string, id: string, at: Date): Promise<boolean> {
      const result = await db
        .updateTable('payroll_uploads')
        .set({ imported_at: at })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .where('imported_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async disclosurePolicy(db: Db, organisationId: string): Promise<string> {
      const row = await db
        .selectFrom('organisations')
        .select('disclosure_policy')
        .where('id', '=', organisationId)
        .executeTakeFirstOrThrow();
      return row.disclosure_policy;
    },
  };
}

export type PayrollRepo = ReturnType<typeof createPayrollRepo>;

export function createGpgRegisterRepo() {
  return {
    /** Replaces a year's rows with the file's, in the caller's transaction. */
    async replaceYear(db: Db, year: number, rows: RegisterRow[]): Promise<void> {
      await db.deleteFrom('gpg_register').where('snapshot_year', '=', year).execute();
      for (let start = 0; start < rows.length; start += BATCH) {
        const chunk = rows.slice(start, start + BATCH);
        const column = <K extends keyof RegisterRow>(key: K) => chunk.map((row) => row[key]);
        await sql`
          insert into gpg_register (employer_id, snapshot_year, employer_name, employer_size, sic_codes, diff_mean_hourly,
            diff_median_hourly, diff_mean_bonus, diff_median_bonus, male_bonus, female_bonus, female_lower_quartile,
            female_lower_middle_quartile, female_upper_middle_quartile, female_top_quartile)
          select * from unnest(${column('employerId')}::int[], ${column('snapshotYear')}::int[], ${column('employerName')}::text[],
            ${column('employerSize')}::text[], ${column('sicCodes')}::text[], ${column('diffMeanHourly')}::float8[],
            ${column('diffMedianHourly')}::float8[], ${column('diffMeanBonus')}::float8[], ${column('diffMedianBonus')}::float8[],
            ${column('maleBonus')}::float8[], ${column('femaleBonus')}::float8[], ${column('femaleLowerQuartile')}::float8[],
            ${column('femaleLowerMiddleQuartile')}::float8[], ${column('femaleUpperMiddleQuartile')}::float8[],
            ${column('femaleTopQuartile')}::float8[])
          on conflict (employer_id, snapshot_year) do nothing`.execute(db);
      }
    },

    async years(db: Db): Promise<number[]> {
      const rows = await db
        .selectFrom('gpg_register')
        .select('snapshot_year')
        .distinct()
        .orderBy('snapshot_year', 'desc')
        .execute();
      return rows.map((row) => row.snapshot_year);
    },

    /** Councils' rows for a year (name, size band and figures). */
    async councils(db: Db, year: number) {
      return db
        .selectFrom('gpg_register')
        .select([
          'employer_id as employerId',
          'employer_name as employerName',
          'employer_size as employerSize',
          'diff_mean_hourly as diffMeanHourly',
          'diff_median_hourly as diffMedianHourly',
        ])
        .where('snapshot_year', '=', year)
        .where(sql<boolean>`employer_name ~* '\\mcouncils?\\M'`)
        .execute();
    },

    /** An employer's figures, every year, found by its name as the register writes it (case aside). */
    async history(db: Db, employerName: string) {
      return db
        .selectFrom('gpg_register')
        .select([
          'snapshot_year as snapshotYear',
          'employer_name as employerName',
          'diff_mean_hourly as diffMeanHourly',
          'diff_median_hourly as diffMedianHourly',
        ])
        .where(sql<boolean>`lower(employer_name) = lower(${employerName})`)
        .orderBy('snapshot_year')
        .execute();
    },
  };
}

export type GpgRegisterRepo = ReturnType<typeof createGpgRegisterRepo>;
