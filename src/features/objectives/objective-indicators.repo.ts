import type { Db } from '../../db/connect.ts';

export interface IndicatorRow {
  id: string;
  objectiveId: string;
  label: string;
  areaCode: string;
  classification: string;
  category: string;
  baseline: number | null;
  baselineLabel: string | null;
  target: number;
  targetDate: string | null;
}

export type NewIndicator = Omit<IndicatorRow, 'id' | 'objectiveId'>;

const columns = [
  'id',
  'objective_id as objectiveId',
  'label',
  'area_code as areaCode',
  'classification',
  'category',
  'baseline',
  'baseline_label as baselineLabel',
  'target',
  'target_date as targetDate',
] as const;

export function createObjectiveIndicatorsRepo() {
  return {
    async ofObjective(db: Db, organisationId: string, objectiveId: string): Promise<IndicatorRow[]> {
      return db
        .selectFrom('objective_indicators')
        .select(columns)
        .where('organisation_id', '=', organisationId)
        .where('objective_id', '=', objectiveId)
        .orderBy('created_at')
        .execute();
    },

    async insert(
      db: Db,
      organisationId: string,
      objectiveId: string,
      indicator: NewIndicator,
    ): Promise<string> {
      const row = await db
        .insertInto('objective_indicators')
        .values({
          organisation_id: organisationId,
          objective_id: objectiveId,
          label: indicator.label,
          area_code: indicator.areaCode,
          classification: indicator.classification,
          category: indicator.category,
          baseline: indicator.baseline,
          baseline_label: indicator.baselineLabel,
          target: indicator.target,
          target_date: indicator.targetDate,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async remove(
      db: Db,
      organisationId: string,
      objectiveId: string,
      id: string,
    ): Promise<IndicatorRow | undefined> {
      return db
        .deleteFrom('objective_indicators')
        .where('organisation_id', '=', organisationId)
        .where('objective_id', '=', objectiveId)
        .where('id', '=', id)
        .returning(columns)
        .executeTakeFirst();
    },
  };
}

export type ObjectiveIndicatorsRepo = ReturnType<typeof createObjectiveIndicatorsRepo>;
