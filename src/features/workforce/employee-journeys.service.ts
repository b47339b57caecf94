import type { Db } from '../../db/connect.ts';
import type { Actor, RecordAudit } from '../../platform/audit/audit.ts';
import { NotFoundError, RuleError } from '../../platform/http-errors.ts';
import { publishTable, type DisclosurePolicy } from '../../stats/disclosure.ts';
import { relativeLikelihoods, type JourneyStage } from '../../stats/relative-likelihood.ts';
import type { EmployeeJourneysRepo } from './employee-journeys.repo.ts';
import { readIsolated } from '../../infra/untrusted-files/isolated.ts';
import type { JourneyFile } from './journey-file.ts';

export class JourneyProblemsError extends RuleError {
  constructor(public readonly problems: { line: number; message: string }[]) {
    super('file', 'workforce.journeys.errors.fileHasProblems', { count: problems.length });
    this.name = 'JourneyProblemsError';
  }
}

/**
 * Employee journeys (recruitment, discipline, leaving): a table of counts imported whole and
 * checked first (a stage may not hold more of a group than the stage it is out of), kept, and read
 * as relative likelihoods (stats/relative-likelihood.ts).
 */
export function createEmployeeJourneysService(deps: {
  db: Db;
  repo: EmployeeJourneysRepo;
  audit: RecordAudit;
  /** The organisation's disclosure policy: every count shown is published under it. */
  policyOf: (organisationId: string) => Promise<DisclosurePolicy>;
}) {
  const { db, repo, audit } = deps;
  return {
    list: (organisationId: string) => repo.list(db, organisationId),

    async import(
      actor: Actor,
      organisationId: string,
      input: { title: string; fileName: string; text: string },
    ): Promise<string> {
      const title = input.title.trim();
      if (!title) throw new RuleError('title', 'workforce.journeys.errors.titleRequired');
      if (title.length > 200) throw new RuleError('title', 'workforce.journeys.errors.titleTooLong');
      // Read in the worker pool, like every file someone sends: a huge one costs a worker, not the server.
      const file = await readIsolated<JourneyFile>(
        new URL('./journey-file.ts', import.meta.url),
        'readJourneyFile',
        [input.text],
        (message) => ({ groups: [], stages: [], problems: [{ line: 0, message }] }),
      );
      const problems = [...file.problems];
      if (problems.length === 0)
        for (const stage of file.stages) {
          const before = file.stages.find((one) => one.stage === stage.outOf);
          if (!before || before === stage) continue;
          const over = file.groups.filter((_, index) => stage.counts[index]! > before.counts[index]!);
          if (over.length)
            problems.push({
              line: stage.line,
              message: `${stage.stage}: more ${over.map((group) => `“${group}”`).join(', ')} than at ${before.stage}, which it is out of`,
            });
        }
      if (problems.length) throw new JourneyProblemsError(problems);
      return db.transaction().execute(async (trx) => {
        const id = await repo.insert(
          trx,
          organisationId,
          {
            title,
            referenceGroup: file.groups[0]!,
            groups: file.groups,
            fileName: input.fileName,
            importedByLabel: actor.label,
          },
          file.stages.flatMap((stage, position) =>
            file.groups.map((group, index) => ({
              position,
              stage: stage.stage,
              outOf: position === 0 ? null : stage.outOf,
              group,
              count: stage.counts[index]!,
            })),
          ),
        );
        await audit(trx, actor, {
          organisationId,
          action: 'journey.imported',
          entityType: 'employee_journey',
          entityId: id,
          summary: `Imported the employee journey “${title}” from ${input.fileName}: ${file.stages.length} stages, ${file.groups.length} groups`,
          after: { title, stages: file.stages.map((stage) => stage.stage), groups: file.groups },
        });
        return id;
      });
    },

    /**
     * A journey as it may be shown: every count published under the policy (the stages × groups
     * table with secondary suppression), and a group's likelihood at a stage only when both of
     * its counts there are shown, so no hidden count can be worked back from a ratio.
     */
    async read(organisationId: string, id: string) {
      const journey = await repo.find(db, organisationId, id);
      if (!journey) throw new NotFoundError();
      const [counts, policy] = await Promise.all([
        repo.counts(db, organisationId, id),
        deps.policyOf(organisationId),
      ]);
      const stages: JourneyStage[] = [];
      for (const row of counts) {
        let stage = stages.find((one) => one.stage === row.stage);
        if (!stage) stages.push((stage = { stage: row.stage, outOf: row.outOf, counts: new Map() }));
        stage.counts.set(row.group, row.count);
      }
      const table = publishTable(
        stages.map((stage) => journey.groups.map((group) => stage.counts.get(group) ?? 0)),
        policy,
      );
      const shown = (stage: string, group: string) => {
        const at = stages.findIndex((one) => one.stage === stage);
        return table.cells[at]?.[journey.groups.indexOf(group)]?.hidden === null;
      };
      const likelihoods = relativeLikelihoods(stages, journey.referenceGroup, journey.groups).map((step) => {
        const referenceShown =
          shown(step.stage, journey.referenceGroup) && shown(step.outOf, journey.referenceGroup);
        return {
          ...step,
          groups: step.groups.map((group) =>
            shown(step.stage, group.group) && shown(step.outOf, group.group) && referenceShown
              ? group
              : { group: group.group, likelihood: null, relative: null, reading: null, hidden: true },
          ),
        };
      });
      return {
        journey,
        policy,
        stages: stages.map((stage, index) => ({
          stage: stage.stage,
          outOf: stage.outOf,
          cells: table.cells[index]!,
        })),
        likelihoods,
      };
    },
  };
}

export type EmployeeJourneysService = ReturnType<typeof createEmployeeJourneysService>;
