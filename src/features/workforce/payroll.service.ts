import { createHmac } from 'node:crypto';
import type { Db } from '../../db/connect.ts';
import { readIsolated } from '../../infra/untrusted-files/isolated.ts';
import type { Actor, RecordAudit } from '../../platform/audit/audit.ts';
import { EditConflictError, NotFoundError, RuleError } from '../../platform/http-errors.ts';
import {
  disclosurePolicyOf,
  publishCount,
  type DisclosurePolicy,
  type PublishedFigure,
} from '../../stats/disclosure.ts';
import { payGapReport, payRowOf, type PayGapReport, type PayRow } from '../../stats/pay-gap.ts';
import type { PayrollFile, PayrollRow } from './payroll-file.ts';
import type { PayrollRepo, SnapshotRow } from './payroll.repo.ts';

/** A stored payroll row: the employee is a keyed hash, never their reference. */
export type PayRowStored = Omit<PayrollRow, 'line' | 'reference'> & { employeeKey: string };

export interface PayrollPreview {
  uploadId: string;
  fileName: string;
  snapshotDate: string;
  imported: boolean;
  employees: number;
  columns: PayrollFile['columns'];
  notes: string[];
  problems: { line: number; message: string }[];
}

/** A grouping's report as it may be published: groups too small to publish have their figures hidden. */
export interface PublishedPayGap {
  grouping: 'sex' | 'ethnicity' | 'ethnicityBinary' | 'disability';
  report: PayGapReport;
  /** Groups whose figures are hidden because too few people are in them. */
  hidden: string[];
  minimumGroup: number;
  /** Each group's head count, and those who have not said, as published under the policy. */
  people: Record<string, PublishedFigure>;
  undisclosed: PublishedFigure;
}

export class PayrollProblemsError extends RuleError {
  constructor(public readonly problems: { line: number; message: string }[]) {
    super('file', 'workforce.errors.fileHasProblems', { count: problems.length });
    this.name = 'PayrollProblemsError';
  }
}

/** Ethnic groups in the order reports show them; White is the reference group. */
export const ETHNIC_GROUPS = ['white', 'asian', 'black', 'mixed', 'other'] as const;

/**
 * The smallest group whose pay figures are published: one more than the counts the
 * organisation's disclosure policy hides, and never fewer than 5 (a mean of fewer people is
 * nearly a person's pay). The statutory gender pay gap figures are always published: the
 * regulations require them.
 */
export function minimumGroupFor(policy: DisclosurePolicy): number {
  return Math.max(policy.suppressUpTo + 1, 5);
}

const GPG_COLUMNS = [
  'EmployerName',
  'DiffMeanHourlyPercent',
  'DiffMedianHourlyPercent',
  'DiffMeanBonusPercent',
  'DiffMedianBonusPercent',
  'MaleBonusPercent',
  'FemaleBonusPercent',
  'MaleLowerQuartile',
  'FemaleLowerQuartile',
  'MaleLowerMiddleQuartile',
  'FemaleLowerMiddleQuartile',
  'MaleUpperMiddleQuartile',
  'FemaleUpperMiddleQuartile',
  'MaleTopQuartile',
  'FemaleTopQuartile',
  'SnapshotDate',
] as const;

/** Rounded as the GOV.UK service shows figures: one decimal place. */
const oneDecimal = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

/**
 * Payroll snapshots and their pay gaps. An upload is read in the worker pool and checked whole;
 * confirming it stores a new snapshot (never overwriting an earlier one) in one transaction, with
 * each employee's reference replaced by a keyed hash. Reports are worked out from the stored rows
 * by the pure engine in stats/pay-gap.ts.
 */
export function createPayrollService(deps: {
  db: Db;
  repo: PayrollRepo;
  audit: RecordAudit;
  now: () => Date;
  /** The secret the employee keys are made with (per organisation, so keys never match across tenants). */
  pseudonymSecret: string;
}) {
  const { db, repo, audit } = deps;
  const keyOf = (organisationId: string, reference: string) =>
    createHmac('sha256', `${deps.pseudonymSecret}:payroll:${organisationId}`)
      .update(reference.trim().toLowerCase())
      .digest('hex');

  const read = (text: string) =>
    readIsolated<PayrollFile>(
      new URL('./payroll-file.ts', import.meta.url),
      'readPayrollFile',
      [text],
      (message) => ({
        rows: [],
        columns: {},
        notes: [],
        problems: [{ line: 0, message }],
      }),
    );

  async function policyOf(organisationId: string): Promise<DisclosurePolicy> {
    const id = await repo.disclosurePolicy(db, organisationId);
    return disclosurePolicyOf(id);
  }

  return {
    snapshots: (organisationId: string) => repo.snapshots(db, organisationId),

    async stageUpload(
      organisationId: string,
      file: { fileName: string; content: Buffer },
      date: { day: string; month: string; year: string },
    ): Promise<string> {
      const [day, month, year] = [date.day, date.month, date.year].map((part) => Number(part.trim()));
      const when = new Date(Date.UTC(year!, month! - 1, day!));
      if (
        ![day, month, year].every((part) => Number.isInteger(part)) ||
        when.getUTCDate() !== day ||
        when.getUTCMonth() !== month! - 1 ||
        year! < 2017 ||
        year! > 2100
      )
        throw new RuleError('snapshotDate', 'workforce.errors.snapshotDate');
      const text = new TextDecoder('utf-8', { fatal: false }).decode(file.content).replace(/^\uFEFF/, '');
      if (text.includes('\u0000')) throw new RuleError('file', 'workforce.errors.notText');
      return repo.insertUpload(db, organisationId, {
        fileName: file.fileName,
        snapshotDate: when.toISOString().slice(0, 10),
        content: text,
      });
    },

    async previewUpload(organisationId: string, uploadId: string): Promise<PayrollPreview> {
      const upload = await repo.upload(db, organisationId, uploadId);
      if (!upload) throw new NotFoundError();
      const file = await read(upload.content);
      return {
        uploadId,
        fileName: upload.fileName,
        snapshotDate: upload.snapshotDate,
        imported: upload.importedAt !== null,
        employees: file.rows.length,
        columns: file.columns,
        notes: file.notes,
        problems: file.problems,
      };
    },

    async importUpload(actor: Actor, organisationId: string, uploadId: string): Promise<string> {
      const upload = await repo.upload(db, organisationId, uploadId);
      if (!upload) throw new NotFoundError();
      const file = await read(upload.content);
      if (file.problems.length) throw new PayrollProblemsError(file.problems);
      return db.transaction().execute(async (trx) => {
        if (!(await repo.markImported(trx, organisationId, uploadId, deps.now())))
          throw new RuleError('file', 'workforce.errors.alreadyImported');
        const snapshotId = await repo.insertSnapshot(trx, organisationId, {
          snapshotDate: upload.snapshotDate,
          fileName: upload.fileName,
          employees: file.rows.length,
          importedByLabel: actor.label,
        });
        await repo.insertRows(
          trx,
          organisationId,
          snapshotId,
          file.rows.map(({ line: _line, reference, ...row }) => ({
            ...row,
            employeeKey: keyOf(organisationId, reference),
          })),
        );
        await audit(trx, actor, {
          organisationId,
          action: 'payroll.imported',
          entityType: 'payroll_snapshot',
          entityId: snapshotId,
          summary: `Imported the payroll for ${upload.snapshotDate} from ${upload.fileName}: ${file.rows.length} employees`,
          after: {
            snapshotDate: upload.snapshotDate,
            fileName: upload.fileName,
            employees: file.rows.length,
          },
        });
        return snapshotId;
      });
    },

    /** The gender pay gap (statutory, always published) and the ethnicity and disability pay gaps (small groups hidden). */
    async report(
      organisationId: string,
      snapshotId: string,
    ): Promise<{
      snapshot: SnapshotRow;
      gender: PublishedPayGap;
      ethnicity: PublishedPayGap;
      /** White staff against everyone from an ethnic minority together, the usual headline. */
      ethnicityBinary: PublishedPayGap;
      disability: PublishedPayGap;
      policy: DisclosurePolicy;
    }> {
      const snapshot = await repo.snapshot(db, organisationId, snapshotId);
      if (!snapshot) throw new NotFoundError();
      const [rows, policy] = await Promise.all([
        repo.rows(db, organisationId, snapshotId),
        policyOf(organisationId),
      ]);
      const minimumGroup = minimumGroupFor(policy);
      const as = (group: (row: PayRowStored) => string | null): PayRow[] =>
        rows.map((row) => payRowOf(row, group(row)));
      const published = (
        grouping: PublishedPayGap['grouping'],
        report: PayGapReport,
        statutory: boolean,
      ): PublishedPayGap => ({
        grouping,
        report,
        minimumGroup,
        hidden: statutory
          ? []
          : report.groups.filter((group) => group.relevantCount < minimumGroup).map((group) => group.group),
        people: Object.fromEntries(
          report.groups.map((group) => [group.group, publishCount(group.relevantCount, policy)]),
        ),
        undisclosed: publishCount(report.undisclosed, policy),
      });
      return {
        snapshot,
        policy,
        gender: published(
          'sex',
          payGapReport(
            as((row) => row.sex),
            'male',
            ['male', 'female'],
          ),
          true,
        ),
        ethnicity: published(
          'ethnicity',
          payGapReport(
            as((row) => row.ethnicity),
            'white',
            ETHNIC_GROUPS,
          ),
          false,
        ),
        ethnicityBinary: published(
          'ethnicityBinary',
          payGapReport(
            as((row) => (row.ethnicity === null ? null : row.ethnicity === 'white' ? 'white' : 'minority')),
            'white',
            ['white', 'minority'],
          ),
          false,
        ),
        disability: published(
          'disability',
          payGapReport(
            as((row) => row.disability),
            'not_disabled',
            ['not_disabled', 'disabled'],
          ),
          false,
        ),
      };
    },

    /** What the organisation says about a snapshot's gaps; refused if someone else saved first. */
    async saveNarrative(
      actor: Actor,
      organisationId: string,
      snapshotId: string,
      version: number,
      text: string,
    ) {
      const narrative = text.trim() || null;
      if (narrative && narrative.length > 20_000)
        throw new RuleError('narrative', 'workforce.narrative.tooLong');
      await db.transaction().execute(async (trx) => {
        const before = await repo.snapshot(trx, organisationId, snapshotId);
        if (!before) throw new NotFoundError();
        if (!(await repo.saveNarrative(trx, organisationId, snapshotId, version, narrative)))
          throw new EditConflictError(before as unknown as Record<string, unknown>);
        await audit(trx, actor, {
          organisationId,
          action: 'payroll.narrative_saved',
          entityType: 'payroll_snapshot',
          entityId: snapshotId,
          summary: `Saved what the organisation says about its pay gaps on ${before.snapshotDate}`,
          before: { narrative: before.narrative },
          after: { narrative },
        });
      });
    },

    /** The organisation's own gender pay gap over its latest snapshots, oldest first. */
    async trend(
      organisationId: string,
      latest = 6,
    ): Promise<{ snapshotDate: string; meanGap: number | null; medianGap: number | null }[]> {
      const snapshots = (await repo.snapshots(db, organisationId)).slice(0, latest);
      const points = await Promise.all(
        snapshots.map(async (snapshot) => {
          const rows = await repo.rows(db, organisationId, snapshot.id);
          const [, women] = payGapReport(
            rows.map((row) => payRowOf(row, row.sex)),
            'male',
            ['male', 'female'],
          ).groups;
          return {
            snapshotDate: snapshot.snapshotDate,
            meanGap: women!.meanHourlyGap,
            medianGap: women!.medianHourlyGap,
          };
        }),
      );
      return points.reverse();
    },

    /** The statutory figures in the GOV.UK gender pay gap service's columns, one decimal place. */
    async genderPayGapCsvRow(organisationId: string, snapshotId: string, employerName: string) {
      const { gender, snapshot } = await this.report(organisationId, snapshotId);
      const [men, women] = gender.report.groups;
      const bandShare = (index: number, group: string) => {
        const band = gender.report.quartiles[index]!;
        const counted = (band.byGroup.get('male') ?? 0) + (band.byGroup.get('female') ?? 0);
        return counted ? oneDecimal((100 * (band.byGroup.get(group) ?? 0)) / counted) : null;
      };
      const values: (string | number | null)[] = [
        employerName,
        oneDecimal(women!.meanHourlyGap),
        oneDecimal(women!.medianHourlyGap),
        oneDecimal(women!.meanBonusGap),
        oneDecimal(women!.medianBonusGap),
        oneDecimal(men!.bonusProportion),
        oneDecimal(women!.bonusProportion),
        ...[0, 1, 2, 3].flatMap((index) => [bandShare(index, 'male'), bandShare(index, 'female')]),
        snapshot.snapshotDate,
      ];
      return { header: [...GPG_COLUMNS], values };
    },
  };
}

export type PayrollService = ReturnType<typeof createPayrollService>;
