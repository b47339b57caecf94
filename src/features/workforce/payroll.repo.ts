import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { PayRowStored } from './payroll.service.ts';

export interface SnapshotRow {
  id: string;
  snapshotDate: string;
  fileName: string;
  employees: number;
  importedAt: Date;
  importedByLabel: string;
}

const snapshotColumns = [
  'id',
  sql<string>`to_char(snapshot_date, 'YYYY-MM-DD')`.as('snapshotDate'),
  'file_name as fileName',
  'employees',
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
