import type { Db } from '../../db/connect.ts';
import type { Actor, RecordAudit } from '../../platform/audit/audit.ts';
import { NotFoundError, RuleError } from '../../platform/http-errors.ts';
import type { CommunityMeasures, LatestValue } from '../communities/community-measures.ts';
import { indicatorProgress, type IndicatorProgress } from './indicator-progress.ts';
import type { IndicatorRow, ObjectiveIndicatorsRepo } from './objective-indicators.repo.ts';

export interface MeasuredIndicator extends IndicatorRow {
  latest: LatestValue | null;
  progress: IndicatorProgress;
}

/** A percentage as typed ("12.5", "12.5%") as a share, or null for blank; a RuleError when it is not one. */
function shareFrom(field: string, text: string, required: boolean): number | null {
  const trimmed = text.trim().replace(/%$/, '').trim();
  if (!trimmed) {
    if (required) throw new RuleError(field, 'objectives.indicators.errors.targetRequired');
    return null;
  }
  const value = Number(trimmed);
  if (!/^\d+(\.\d+)?$/.test(trimmed) || value > 100)
    throw new RuleError(field, 'objectives.indicators.errors.notAPercentage');
  return value / 100;
}

/**
 * Objective indicators bound to community data: each follows one measure (a category's share) in
 * one area, with a baseline and a target, and shows its latest published value from whichever
 * current dataset holds it. Community data is reached only through CommunityMeasures.
 */
export function createObjectiveIndicatorsService(deps: {
  db: Db;
  repo: ObjectiveIndicatorsRepo;
  measures: CommunityMeasures;
  objectiveExists: (organisationId: string, objectiveId: string) => Promise<boolean>;
  audit: RecordAudit;
}) {
  const { db, repo, measures, audit } = deps;

  return {
    async measured(organisationId: string, objectiveId: string): Promise<MeasuredIndicator[]> {
      const indicators = await repo.ofObjective(db, organisationId, objectiveId);
      return Promise.all(
        indicators.map(async (indicator) => {
          const latest = await measures.latestValue(organisationId, indicator);
          return {
            ...indicator,
            latest,
            progress: indicatorProgress(indicator.baseline, latest?.share ?? null, indicator.target),
          };
        }),
      );
    },

    choices(organisationId: string) {
      return Promise.all([
        measures.measureChoices(organisationId),
        measures.areaChoices(organisationId),
      ]).then(([measureChoices, areaChoices]) => ({ measureChoices, areaChoices }));
    },

    async add(
      actor: Actor,
      organisationId: string,
      objectiveId: string,
      input: {
        label: string;
        area: string;
        measure: string;
        baseline: string;
        baselineLabel: string;
        target: string;
        targetDate: string;
      },
    ): Promise<string> {
      if (!(await deps.objectiveExists(organisationId, objectiveId))) throw new NotFoundError();
      const label = input.label.trim();
      if (!label) throw new RuleError('label', 'objectives.indicators.errors.labelRequired');
      if (label.length > 200) throw new RuleError('label', 'objectives.indicators.errors.labelTooLong');
      const { measureChoices, areaChoices } = await this.choices(organisationId);
      const area = areaChoices.find((one) => one.code === input.area);
      if (!area) throw new RuleError('area', 'objectives.indicators.errors.chooseArea');
      const [classification, category] = input.measure.split(':');
      const measure = measureChoices.find((one) => one.classification === classification);
      if (!measure || !measure.categories.some((one) => one.code === category))
        throw new RuleError('measure', 'objectives.indicators.errors.chooseMeasure');
      const baseline = shareFrom('baseline', input.baseline, false);
      const target = shareFrom('target', input.target, true)!;
      const values = {
        label,
        areaCode: area.code,
        classification: classification!,
        category: category!,
        baseline,
        baselineLabel: input.baselineLabel.trim().slice(0, 100) || null,
        target,
        targetDate: input.targetDate.trim().slice(0, 50) || null,
      };
      return db.transaction().execute(async (trx) => {
        const id = await repo.insert(trx, organisationId, objectiveId, values);
        await audit(trx, actor, {
          organisationId,
          action: 'objective.indicator_added',
          entityType: 'objective',
          entityId: objectiveId,
          summary: `Added the measured indicator “${label}” (${area.name})`,
          after: { indicatorId: id, ...values },
        });
        return id;
      });
    },

    async remove(
      actor: Actor,
      organisationId: string,
      objectiveId: string,
      indicatorId: string,
    ): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const removed = await repo.remove(trx, organisationId, objectiveId, indicatorId);
        if (!removed) throw new NotFoundError();
        await audit(trx, actor, {
          organisationId,
          action: 'objective.indicator_removed',
          entityType: 'objective',
          entityId: objectiveId,
          summary: `Removed the measured indicator “${removed.label}”`,
          before: { ...removed },
        });
      });
    },
  };
}

export type ObjectiveIndicatorsService = ReturnType<typeof createObjectiveIndicatorsService>;
