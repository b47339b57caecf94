import type { Db } from '../../db/connect.ts';
import { readIsolated } from '../../infra/untrusted-files/isolated.ts';
import type { Actor, RecordAudit } from '../../platform/audit/audit.ts';
import { NotFoundError, RuleError } from '../../platform/http-errors.ts';
import { publishCount, type DisclosurePolicy } from '../../stats/disclosure.ts';
import type { CommunityMeasures } from '../communities/community-measures.ts';
import {
  compareWithPopulation,
  crossKey,
  crossTable,
  type Comparison,
  type CrossedTable,
  type PopulationBreakdown,
} from './comparison.ts';
import type { MonitoringFile } from './monitoring-file.ts';
import type { MonitoringRepo, PeriodRow, ServiceRow } from './monitoring.repo.ts';
import { BANK_VERSION, QUESTION_BANK, questionById } from './question-bank.ts';

export class MonitoringProblemsError extends RuleError {
  constructor(public readonly problems: { line: number; message: string }[]) {
    super('file', 'monitoring.errors.fileHasProblems', { count: problems.length });
    this.name = 'MonitoringProblemsError';
  }
}

/** A period as shown: how many people, under the disclosure policy like every other count. */
export type ShownPeriod = PeriodRow & { peopleShown: number | null };

function shown(period: PeriodRow, policy: DisclosurePolicy): ShownPeriod {
  return { ...period, peopleShown: publishCount(period.people, policy).value };
}

export interface ServiceReport {
  service: ServiceRow;
  catchmentName: string | null;
  periods: ShownPeriod[];
  latest: ShownPeriod | null;
  comparisons: Comparison[];
  /** Bank questions the service's latest period did not ask: its data gaps. */
  notAsked: { id: string; text: string }[];
  /** For each question asked: each group's share in every period (published), oldest first. */
  trends: {
    questionId: string;
    questionText: string;
    groups: { label: string; shares: (number | null)[] }[];
  }[];
  policy: DisclosurePolicy;
}

export interface Gap {
  serviceId: string;
  serviceName: string;
  period: string;
  kind: 'under' | 'over' | 'low-declaration' | 'not-asked';
  questionId: string;
  questionText: string;
  group: string | null;
  ratio: number | null;
  declarationRate: number | null;
}

/** Below this share of people answering, a question's figures say little: a gap of its own. */
export const LOW_DECLARATION = 0.7;

/**
 * Service-user monitoring: the services, each period's aggregates (imported whole or not at all,
 * audited), and each service's users against its catchment's population, question by question,
 * under the organisation's disclosure policy. Community data is read only through
 * CommunityMeasures.
 */
export function createMonitoringService(deps: {
  db: Db;
  repo: MonitoringRepo;
  audit: RecordAudit;
  measures: CommunityMeasures;
  policyOf: (organisationId: string) => Promise<DisclosurePolicy>;
}) {
  const { db, repo, audit, measures } = deps;

  async function serviceOf(organisationId: string, serviceId: string): Promise<ServiceRow> {
    const service = await repo.service(db, organisationId, serviceId);
    if (!service) throw new NotFoundError();
    return service;
  }

  async function populationOf(organisationId: string, areaCode: string | null) {
    const classifications = [
      ...new Set(QUESTION_BANK.flatMap((q) => (q.classification ? [q.classification] : []))),
    ];
    if (!areaCode) return new Map<string, PopulationBreakdown | null>();
    const found = await measures.breakdowns(organisationId, areaCode, classifications);
    return new Map(
      [...found].map(([id, breakdown]) => [
        id,
        breakdown
          ? {
              areaName: breakdown.areaName,
              shares: new Map(breakdown.categories.map((c) => [c.code, c.share])),
              labels: new Map(breakdown.categories.map((c) => [c.code, c.label])),
            }
          : null,
      ]),
    );
  }

  function countsByQuestion(rows: { question: string; answer: string; count: number }[]) {
    const counts = new Map<string, Map<string, number>>();
    for (const row of rows) {
      const byAnswer = counts.get(row.question) ?? new Map<string, number>();
      byAnswer.set(row.answer, row.count);
      counts.set(row.question, byAnswer);
    }
    return counts;
  }

  async function reportOf(organisationId: string, service: ServiceRow): Promise<ServiceReport> {
    const [stored, policy, areas] = await Promise.all([
      repo.periods(db, organisationId, service.id),
      deps.policyOf(organisationId),
      measures.areaChoices(organisationId),
    ]);
    const periods = stored.map((period) => shown(period, policy));
    const latest = periods[periods.length - 1] ?? null;
    const allCounts = await repo.counts(
      db,
      organisationId,
      periods.map((period) => period.id),
    );
    const population = await populationOf(organisationId, service.catchmentAreaCode);
    const byPeriod = new Map(
      periods.map((period) => [
        period.id,
        countsByQuestion(allCounts.filter((row) => row.periodId === period.id)),
      ]),
    );
    const comparisonsIn = (periodId: string) =>
      QUESTION_BANK.flatMap((question) => {
        const counts = byPeriod.get(periodId)?.get(question.id);
        if (!counts) return [];
        const breakdown = question.classification ? (population.get(question.classification) ?? null) : null;
        return [compareWithPopulation(question, counts, breakdown, policy)];
      });
    const comparisons = latest ? comparisonsIn(latest.id) : [];
    const everyPeriod = periods.map((period) => comparisonsIn(period.id));
    const trends = comparisons.map((comparison) => ({
      questionId: comparison.questionId,
      questionText: comparison.questionText,
      groups: comparison.rows.map((row) => ({
        label: row.label,
        shares: everyPeriod.map(
          (inPeriod) =>
            inPeriod
              .find((one) => one.questionId === comparison.questionId)
              ?.rows.find((r) => r.key === row.key)?.share ?? null,
        ),
      })),
    }));
    return {
      service,
      catchmentName: areas.find((area) => area.code === service.catchmentAreaCode)?.name ?? null,
      periods,
      latest,
      comparisons,
      notAsked: latest
        ? QUESTION_BANK.filter((question) => !byPeriod.get(latest.id)?.has(question.id)).map(
            ({ id, text }) => ({
              id,
              text,
            }),
          )
        : [],
      trends,
      policy,
    };
  }

  return {
    async services(
      organisationId: string,
    ): Promise<(ServiceRow & { catchmentName: string | null; latest: ShownPeriod | null })[]> {
      const [services, periods, policy, areas] = await Promise.all([
        repo.services(db, organisationId),
        repo.periods(db, organisationId),
        deps.policyOf(organisationId),
        measures.areaChoices(organisationId),
      ]);
      return services.map((service) => {
        const latest = periods.filter((period) => period.serviceId === service.id).pop();
        return {
          ...service,
          catchmentName: areas.find((area) => area.code === service.catchmentAreaCode)?.name ?? null,
          latest: latest ? shown(latest, policy) : null,
        };
      });
    },

    async catchmentChoices(organisationId: string) {
      return measures.areaChoices(organisationId);
    },

    async createService(
      actor: Actor,
      organisationId: string,
      input: { name: string; catchmentAreaCode: string },
    ): Promise<string> {
      const name = input.name.trim();
      if (!name) throw new RuleError('name', 'monitoring.errors.nameRequired');
      if (name.length > 120) throw new RuleError('name', 'monitoring.errors.nameTooLong');
      const areas = await measures.areaChoices(organisationId);
      const catchment = input.catchmentAreaCode
        ? areas.find((area) => area.code === input.catchmentAreaCode)
        : null;
      if (input.catchmentAreaCode && !catchment)
        throw new RuleError('catchmentAreaCode', 'monitoring.errors.unknownArea');
      return db.transaction().execute(async (trx) => {
        const id = await repo.insertService(trx, organisationId, {
          name,
          catchmentAreaCode: catchment?.code ?? null,
        });
        if (!id) throw new RuleError('name', 'monitoring.errors.nameTaken', { name });
        await audit(trx, actor, {
          organisationId,
          action: 'monitoring.service_added',
          entityType: 'monitored_service',
          entityId: id,
          summary: `Added the service “${name}” to monitoring${catchment ? `, serving ${catchment.name}` : ''}`,
          after: { name, catchmentAreaCode: catchment?.code ?? null },
        });
        return id;
      });
    },

    /**
     * Imports a period's monitoring file for a service: read in the worker pool, every row
     * checked, then the aggregates written (replacing the period's, if it was imported before)
     * in one transaction with one audit event. Nothing about a person is kept.
     */
    async importPeriod(
      actor: Actor,
      organisationId: string,
      serviceId: string,
      input:
        | { period: string; fileName: string; text: string }
        | { period: string; fileName: string; content: Buffer },
    ): Promise<{
      periodId: string;
      people: number;
      questions: string[];
      replaced: boolean;
      ignoredColumns: string[];
    }> {
      const service = await serviceOf(organisationId, serviceId);
      const period = input.period.trim();
      if (!period) throw new RuleError('period', 'monitoring.errors.periodRequired');
      if (period.length > 40) throw new RuleError('period', 'monitoring.errors.periodTooLong');
      // A workbook is a zip (it starts "PK"); anything else is read as CSV text.
      const bytes = 'content' in input ? input.content : null;
      const isWorkbook = bytes !== null && bytes[0] === 0x50 && bytes[1] === 0x4b;
      const file = await readIsolated<MonitoringFile>(
        new URL('./monitoring-file.ts', import.meta.url),
        isWorkbook ? 'readMonitoringWorkbook' : 'readMonitoringFile',
        [isWorkbook ? new Uint8Array(bytes) : 'text' in input ? input.text : bytes!.toString('utf8')],
        (message) => ({
          layout: 'people',
          questions: [],
          people: 0,
          counts: new Map(),
          crosses: new Map(),
          ignoredColumns: [],
          problems: [{ line: 0, message }],
        }),
      );
      if (file.problems.length) throw new MonitoringProblemsError(file.problems);
      return db.transaction().execute(async (trx) => {
        const written = await repo.replacePeriod(trx, organisationId, {
          serviceId,
          period,
          bankVersion: BANK_VERSION,
          layout: file.layout,
          people: file.people,
          fileName: input.fileName,
          importedByLabel: actor.label,
        });
        await repo.insertCounts(
          trx,
          organisationId,
          written.id,
          [...file.counts].flatMap(([question, byAnswer]) =>
            [...byAnswer].map(([answer, count]) => ({ question, answer, count })),
          ),
        );
        await repo.insertCrosses(
          trx,
          organisationId,
          written.id,
          [...file.crosses].flatMap(([pair, byKey]) => {
            const [rowQuestion, columnQuestion] = pair.split('|') as [string, string];
            return [...byKey].map(([key, count]) => {
              const [rowAnswer, columnAnswer] = key.split('\u0000') as [string, string];
              return { rowQuestion, columnQuestion, rowAnswer, columnAnswer, count };
            });
          }),
        );
        await audit(trx, actor, {
          organisationId,
          action: 'monitoring.period_imported',
          entityType: 'monitored_service',
          entityId: serviceId,
          summary: `Imported ${period} monitoring for “${service.name}” from ${input.fileName}: ${file.people} ${file.layout === 'people' ? 'people' : 'people (counts)'}, ${file.questions.length} questions${written.replaced ? '; replaced the period imported before' : ''}`,
          after: {
            period,
            fileName: input.fileName,
            layout: file.layout,
            people: file.people,
            questions: file.questions,
            ignoredColumns: file.ignoredColumns,
            replaced: written.replaced,
          },
        });
        return {
          periodId: written.id,
          people: file.people,
          questions: file.questions,
          replaced: written.replaced,
          ignoredColumns: file.ignoredColumns,
        };
      });
    },

    async report(organisationId: string, serviceId: string): Promise<ServiceReport> {
      return reportOf(organisationId, await serviceOf(organisationId, serviceId));
    },

    /** Two questions crossed for a service's period, published as one table. Null when the file gave no crossing. */
    async crossed(
      organisationId: string,
      serviceId: string,
      periodId: string,
      firstId: string,
      secondId: string,
    ): Promise<CrossedTable | null> {
      await serviceOf(organisationId, serviceId);
      const [first, second] = [questionById(firstId), questionById(secondId)];
      if (!first || !second || first === second) return null;
      // Stored in bank order; the table is shown the way round it was asked for.
      const inOrder = QUESTION_BANK.indexOf(first) < QUESTION_BANK.indexOf(second);
      const [rowQ, columnQ] = inOrder ? [first, second] : [second, first];
      const period = (await repo.periods(db, organisationId, serviceId)).find((one) => one.id === periodId);
      if (!period) throw new NotFoundError();
      const rows = await repo.crosses(db, organisationId, periodId, rowQ.id, columnQ.id);
      if (rows.length === 0) return null;
      const counts = new Map(
        rows.map((row) => [
          inOrder ? crossKey(row.rowAnswer, row.columnAnswer) : crossKey(row.columnAnswer, row.rowAnswer),
          row.count,
        ]),
      );
      return crossTable(first, second, counts, await deps.policyOf(organisationId));
    },

    /** Where are the gaps: across services' latest periods, clear under-representation, low declaration, questions not asked. */
    async gaps(organisationId: string): Promise<Gap[]> {
      const services = await repo.services(db, organisationId);
      const gaps: Gap[] = [];
      for (const service of services) {
        const report = await reportOf(organisationId, service);
        if (!report.latest) continue;
        const base = { serviceId: service.id, serviceName: service.name, period: report.latest.period };
        for (const comparison of report.comparisons) {
          for (const row of comparison.rows)
            if (row.flag)
              gaps.push({
                ...base,
                kind: row.flag,
                questionId: comparison.questionId,
                questionText: comparison.questionText,
                group: row.label,
                ratio: row.ratio?.estimate ?? null,
                declarationRate: comparison.declarationRate,
              });
          if (comparison.declarationRate !== null && comparison.declarationRate < LOW_DECLARATION)
            gaps.push({
              ...base,
              kind: 'low-declaration',
              questionId: comparison.questionId,
              questionText: comparison.questionText,
              group: null,
              ratio: null,
              declarationRate: comparison.declarationRate,
            });
        }
        for (const question of report.notAsked)
          gaps.push({
            ...base,
            kind: 'not-asked',
            questionId: question.id,
            questionText: question.text,
            group: null,
            ratio: null,
            declarationRate: null,
          });
      }
      const order = { under: 0, 'low-declaration': 1, over: 2, 'not-asked': 3 };
      return gaps.sort((a, b) => order[a.kind] - order[b.kind] || a.serviceName.localeCompare(b.serviceName));
    },
  };
}

export type MonitoringService = ReturnType<typeof createMonitoringService>;
