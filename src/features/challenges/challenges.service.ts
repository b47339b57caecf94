import type { Db } from '../../db/connect.ts';
import type { JsonObject } from '../../db/schema.ts';
import { UnreadableFileError } from '../../infra/untrusted-files/unreadable-file-error.ts';
import type { Actor, RecordAudit } from '../../platform/audit/audit.ts';
import { daysBetween, isIsoDate } from '../../platform/dates.ts';
import { formatMonth } from '../../platform/format.ts';
import { EditConflictError, NotFoundError, RuleError } from '../../platform/http-errors.ts';
import { actionsLinkedTo } from '../../thread/linked-actions.ts';
import type { RecordLinksRepo } from '../../thread/record-links.repo.ts';
import type { ActionPlanService } from '../action-plan/action-plan.service.ts';
import type { ActionStatus } from '../action-plan/action-status.ts';
import {
  ITEM_KINDS,
  readChallengeReport,
  type ChallengeLevel,
  type CommentTarget,
  type ParsedChallenge,
} from './challenge-report.ts';
import { ANSWERABLE_KINDS, findingsWithResponses } from './challenge-responses.ts';
import type { ChallengeRow, ChallengesRepo, FindingRow, Stance } from './challenges.repo.ts';
import { MAX_REPORT_BYTES, readPastedReport, readReportFile, REPORT_FORMATS } from './report-files.ts';
import type { ReportComment } from './report-source.ts';
import { matchResponses, type ResponseMatch } from './response-matching.ts';

/** What a report was read as, kept until the person confirms it. */
export interface StagedReading {
  parsed: ParsedChallenge;
  comments: ReportComment[];
  matches: ResponseMatch[];
  encoding: string | null;
}

export interface ImportPreview extends StagedReading {
  id: string;
  fileName: string;
  format: string;
  /** Everything a response may be placed beside, in the order of the report. */
  targets: (CommentTarget & { kind: string | null; number: string | null; area: string | null })[];
  /** Each area with how many strengths and areas for consideration were read in it. */
  areaCounts: { area: string; strengths: number; considerations: number }[];
  counts: Record<string, number>;
  blocked: boolean;
}

export interface ImportChoices {
  title: string;
  level: string;
  visitedOn: string | null;
  revisitOn: string | null;
  /** Comment id → the key of the finding or paragraph it answers, or null for "none". */
  placement: Map<string, string | null>;
}

export interface LinkedAction {
  id: string;
  reference: string;
  text: string;
  status: ActionStatus;
}

export type FindingWithActions = FindingRow & { actions: LinkedAction[] };

export interface ChallengeProgress {
  /** Recommendations and areas for consideration: the findings a council answers. */
  toAnswer: number;
  answered: number;
  byStance: Record<Stance, number>;
  actions: number;
  actionsCompleted: number;
  actionsByStatus: Record<ActionStatus, number>;
  /** Days until the re-visit (negative once it is past), when a date is set. */
  daysToRevisit: number | null;
}

/** The area of the plan that holds the actions a challenge leads to (named in the plan's own words). */
export const responseAreaOf = (challenge: Pick<ChallengeRow, 'title'>) => `${challenge.title}: our response`;

const LEVELS: readonly ChallengeLevel[] = ['developing', 'achieving', 'excellent'];

/**
 * Peer challenges: a report read (in the isolated worker) and staged, previewed with its problems
 * and the council's margin responses placed beside what they answer, then imported whole in one
 * transaction; responses kept up to date (version-checked) and turned into actions in the plan,
 * joined to their finding on the golden thread. Every change is audited.
 */
export function createChallengesService(deps: {
  db: Db;
  repo: ChallengesRepo;
  audit: RecordAudit;
  actionPlan: Pick<ActionPlanService, 'addAction' | 'list'>;
  links: Pick<RecordLinksRepo, 'add' | 'touching'>;
  now: () => Date;
}) {
  const { db, repo, audit, actionPlan, links } = deps;
  const today = () => deps.now().toISOString().slice(0, 10);

  async function challengeOf(organisationId: string, id: string): Promise<ChallengeRow> {
    const challenge = await repo.challenge(db, organisationId, id);
    if (!challenge) throw new NotFoundError();
    return challenge;
  }

  async function stagedOf(organisationId: string, importId: string) {
    const staged = await repo.stagedImport(db, organisationId, importId);
    if (!staged) throw new NotFoundError();
    return { ...staged, reading: staged.reading as unknown as StagedReading };
  }

  /** Each finding's actions (action → challenge-finding links), with their status in the plan. */
  async function actionsOf(organisationId: string, findings: readonly FindingRow[]) {
    return actionsLinkedTo<LinkedAction>(
      db,
      links,
      organisationId,
      'challenge-finding',
      findings.map((finding) => finding.id),
      async () =>
        (await actionPlan.list(organisationId)).map(({ id, reference, text, status }) => ({
          id,
          reference,
          text,
          status,
        })),
    );
  }

  function progressOf(challenge: ChallengeRow, findings: readonly FindingWithActions[]): ChallengeProgress {
    const answerable = findings.filter((finding) => ANSWERABLE_KINDS.has(finding.kind));
    const byStance: Record<Stance, number> = { agreed: 0, partly: 0, not_agreed: 0 };
    for (const finding of answerable) if (finding.responseStance) byStance[finding.responseStance] += 1;
    const actionsByStatus: Record<ActionStatus, number> = {
      not_started: 0,
      on_track: 0,
      at_risk: 0,
      overdue: 0,
      completed: 0,
    };
    const seen = new Set<string>();
    for (const action of findings.flatMap((finding) => finding.actions))
      if (!seen.has(action.id)) {
        seen.add(action.id);
        actionsByStatus[action.status] += 1;
      }
    return {
      toAnswer: answerable.length,
      answered: answerable.filter((finding) => finding.responseStance || finding.responseText.trim()).length,
      byStance,
      actions: seen.size,
      actionsCompleted: actionsByStatus.completed,
      actionsByStatus,
      daysToRevisit: challenge.revisitOn ? daysBetween(today(), challenge.revisitOn) : null,
    };
  }

  async function findingOf(organisationId: string, findingId: string) {
    const finding = await repo.finding(db, organisationId, findingId);
    if (!finding) throw new NotFoundError();
    const [challenge, actions] = await Promise.all([
      challengeOf(organisationId, finding.challengeId),
      actionsOf(organisationId, [finding]),
    ]);
    return { challenge, finding: { ...finding, actions: actions.get(finding.id) ?? [] } };
  }

  async function stage(actor: Actor, organisationId: string, fileName: string, read: () => Promise<unknown>) {
    let reading: Awaited<ReturnType<typeof readReportFile>>;
    try {
      reading = (await read()) as Awaited<ReturnType<typeof readReportFile>>;
    } catch (error) {
      if (error instanceof UnreadableFileError) throw new RuleError('file', error.message);
      throw error;
    }
    const parsed = readChallengeReport(reading.source);
    const targets = [...parsed.items, ...parsed.general].sort((a, b) => a.line - b.line);
    const staged: StagedReading = {
      parsed,
      comments: reading.source.comments,
      matches: matchResponses(reading.source.comments, targets, reading.source.anchored),
      encoding: reading.encoding,
    };
    return repo.stageImport(db, organisationId, {
      fileName,
      format: reading.format,
      reading: staged as unknown as JsonObject,
      byLabel: actor.label,
    });
  }

  return {
    list: (organisationId: string) => repo.list(db, organisationId),

    /** Reads an uploaded report and keeps what was read for the preview; nothing is imported yet. */
    async stageFile(actor: Actor, organisationId: string, file: { fileName: string; content: Buffer }) {
      const extension = /\.[^.]+$/.exec(file.fileName.toLowerCase())?.[0] ?? '';
      if (!(extension in REPORT_FORMATS)) throw new RuleError('file', 'challenges.file.unknownFormat');
      if (file.content.length > MAX_REPORT_BYTES) throw new RuleError('file', 'challenges.file.tooLarge');
      return stage(actor, organisationId, file.fileName, () => readReportFile(file.content, file.fileName));
    },

    /** The same for text pasted into the page (from an email, say). */
    async stageText(actor: Actor, organisationId: string, text: string) {
      if (text.trim() === '') throw new RuleError('text', 'challenges.errors.pasteOrChoose');
      if (Buffer.byteLength(text) > MAX_REPORT_BYTES) throw new RuleError('text', 'challenges.file.tooLarge');
      return stage(actor, organisationId, 'Pasted text', () => readPastedReport(text));
    },

    async preview(organisationId: string, importId: string): Promise<ImportPreview> {
      const staged = await stagedOf(organisationId, importId);
      const { parsed } = staged.reading;
      const targets = [
        ...parsed.items.map((item) => ({
          ...item,
          kind: item.kind as string,
          number: item.number,
          area: item.area,
        })),
        ...parsed.general.map((one) => ({ ...one, kind: null, number: null, area: null })),
      ].sort((a, b) => a.line - b.line);
      return {
        ...staged.reading,
        id: staged.id,
        fileName: staged.fileName,
        format: staged.format,
        targets,
        areaCounts: parsed.areas.map((area) => ({
          area,
          strengths: parsed.items.filter((item) => item.area === area && item.kind === 'strength').length,
          considerations: parsed.items.filter((item) => item.area === area && item.kind === 'consideration')
            .length,
        })),
        counts: Object.fromEntries(
          ITEM_KINDS.map((kind) => [kind, parsed.items.filter((item) => item.kind === kind).length]),
        ),
        blocked: parsed.problems.some((problem) => problem.severity === 'error'),
      };
    },

    /**
     * Imports the staged report as the person confirmed it: the visit, every finding with the
     * responses placed on it, and the rest of the responses beside what they answered. One
     * transaction, audited; the staged copy goes in the same transaction, so it imports once.
     */
    async confirm(actor: Actor, organisationId: string, importId: string, choices: ImportChoices) {
      const staged = await stagedOf(organisationId, importId);
      const { parsed, comments } = staged.reading;
      if (parsed.problems.some((problem) => problem.severity === 'error'))
        throw new RuleError('file', 'challenges.errors.cannotImport');
      const title = choices.title.trim();
      if (!title) throw new RuleError('title', 'challenges.errors.enterTitle');
      if (title.length > 200) throw new RuleError('title', 'challenges.errors.titleTooLong');
      const level = LEVELS.find((one) => one === choices.level) ?? null;
      if (choices.level && !level) throw new RuleError('level', 'challenges.errors.chooseLevel');
      const keys = new Set([...parsed.items, ...parsed.general].map((target) => target.key));
      for (const [commentId, key] of choices.placement)
        if (key !== null && !keys.has(key))
          throw new RuleError(`response-${commentId}`, 'challenges.errors.chooseWhereResponseGoes');
      const { findings, otherResponses } = findingsWithResponses(parsed, comments, choices.placement);
      return db.transaction().execute(async (trx) => {
        if (!(await repo.removeImport(trx, organisationId, importId))) throw new NotFoundError();
        const id = await repo.insertChallenge(trx, organisationId, {
          title,
          frameworkName: parsed.frameworkName,
          level,
          visitedOn: choices.visitedOn,
          revisitOn: choices.revisitOn,
          conclusion: parsed.conclusion,
          summary: parsed.summary,
          observations: parsed.observations,
          team: parsed.team,
          otherResponses,
          sourceFileName: staged.fileName,
          createdByLabel: actor.label,
        });
        await repo.insertFindings(trx, organisationId, id, findings, actor.label);
        await audit(trx, actor, {
          organisationId,
          action: 'challenge.imported',
          entityType: 'peer_challenge',
          entityId: id,
          summary: `Imported the peer challenge “${title}” from ${staged.fileName}: ${findings.length} findings, ${comments.length} responses`,
          after: { title, level, findings: findings.length, responses: comments.length },
        });
        return id;
      });
    },

    async overview(organisationId: string, id: string) {
      const challenge = await challengeOf(organisationId, id);
      const stored = await repo.findings(db, organisationId, id);
      const actions = await actionsOf(organisationId, stored);
      const findings = stored.map((finding) => ({ ...finding, actions: actions.get(finding.id) ?? [] }));
      const areas = [...new Set(findings.flatMap((finding) => (finding.area ? [finding.area] : [])))];
      return {
        challenge,
        findings,
        byKind: new Map(
          ITEM_KINDS.map((kind) => [kind, findings.filter((finding) => finding.kind === kind)]),
        ),
        areas: areas.map((area) => ({
          title: area,
          strengths: findings.filter((finding) => finding.area === area && finding.kind === 'strength'),
          considerations: findings.filter(
            (finding) => finding.area === area && finding.kind === 'consideration',
          ),
        })),
        progress: progressOf(challenge, findings),
      };
    },

    finding: findingOf,

    /**
     * A finding or recommendation typed in by hand: one the import missed, or a challenge whose
     * report came on paper. Numbered on from those of its kind in the same area.
     */
    async addFinding(
      actor: Actor,
      organisationId: string,
      challengeId: string,
      values: { kind: string; area: string; text: string },
    ): Promise<string> {
      const challenge = await challengeOf(organisationId, challengeId);
      const kind = ITEM_KINDS.find((one) => one === values.kind);
      if (!kind) throw new RuleError('kind', 'challenges.errors.chooseKind');
      const text = values.text.trim();
      if (!text) throw new RuleError('findingText', 'challenges.errors.enterFinding');
      if (text.length > 5000) throw new RuleError('findingText', 'challenges.errors.findingTooLong');
      const area = ['strength', 'consideration'].includes(kind) ? values.area.trim() || null : null;
      if (area && area.length > 200) throw new RuleError('area', 'challenges.errors.areaTooLong');
      return db.transaction().execute(async (trx) => {
        const existing = await repo.findings(trx, organisationId, challengeId);
        const alike = existing.filter((one) => one.kind === kind && one.area === area).length;
        await repo.insertFindings(
          trx,
          organisationId,
          challengeId,
          [
            {
              position: Math.max(0, ...existing.map((one) => one.position)) + 1,
              kind,
              area,
              number: String(alike + 1),
              theme: null,
              text,
              responseStance: null,
              responseText: '',
              responseFromReport: false,
            },
          ],
          actor.label,
        );
        const added = (await repo.findings(trx, organisationId, challengeId)).at(-1)!;
        await audit(trx, actor, {
          organisationId,
          action: 'challenge.finding_added',
          entityType: 'challenge_finding',
          entityId: added.id,
          summary: `Added ${kind} ${alike + 1}${area ? ` (${area})` : ''} to “${challenge.title}”`,
          after: { kind, area, text },
        });
        return added.id;
      });
    },

    /** Records the council's response to a finding; refused if someone else answered it meanwhile. */
    async respond(
      actor: Actor,
      organisationId: string,
      findingId: string,
      version: number,
      response: { stance: string; text: string },
    ): Promise<void> {
      const finding = await repo.finding(db, organisationId, findingId);
      if (!finding) throw new NotFoundError();
      const stance = (['agreed', 'partly', 'not_agreed'] as const).find((one) => one === response.stance);
      if (!stance) throw new RuleError('stance', 'challenges.errors.chooseStance');
      const text = response.text.trim();
      if (text.length > 10_000) throw new RuleError('text', 'challenges.errors.responseTooLong');
      await db.transaction().execute(async (trx) => {
        if (!(await repo.respond(trx, organisationId, findingId, version, { stance, text }, actor.label))) {
          const current = await repo.finding(trx, organisationId, findingId);
          throw new EditConflictError({ ...current });
        }
        await audit(trx, actor, {
          organisationId,
          action: 'challenge.responded',
          entityType: 'challenge_finding',
          entityId: findingId,
          summary: `Responded to ${finding.kind} ${finding.number}: ${stance.replace('_', ' ')}`,
          before: { stance: finding.responseStance, text: finding.responseText },
          after: { stance, text },
        });
      });
    },

    /** Raises an action in the plan for a finding, joined to it on the golden thread, in one transaction. */
    async raiseAction(
      actor: Actor,
      organisationId: string,
      findingId: string,
      values: { text: string; targetEnd: string | null },
    ): Promise<{ id: string; reference: string }> {
      const { challenge, finding } = await findingOf(organisationId, findingId);
      const text = values.text.trim();
      if (!text) throw new RuleError('text', 'challenges.errors.enterActionText');
      if (values.targetEnd !== null && !isIsoDate(values.targetEnd))
        throw new RuleError('target', 'challenges.errors.realDate');
      return db.transaction().execute(async (trx) => {
        const action = await actionPlan.addAction(trx, actor, organisationId, {
          areaTitle: responseAreaOf(challenge),
          text,
          targetEnd: values.targetEnd,
          // Written as plans write targets ("March 2027"); none when no date was given.
          targetText: formatMonth(values.targetEnd),
          lead: null,
          criteriaRefs: [],
          strands: ['all'],
        });
        await links.add(
          trx,
          organisationId,
          { type: 'action', id: action.id },
          { type: 'challenge-finding', id: finding.id },
          actor.label,
        );
        await audit(trx, actor, {
          organisationId,
          action: 'challenge.action_raised',
          entityType: 'challenge_finding',
          entityId: finding.id,
          summary: `Raised action ${action.reference} for ${finding.kind} ${finding.number} of “${challenge.title}”`,
        });
        return action;
      });
    },

    /** Changes the visit's title, level, dates or conclusion; version-checked and audited. */
    async updateDetails(
      actor: Actor,
      organisationId: string,
      id: string,
      version: number,
      values: {
        title: string;
        level: string;
        visitedOn: string | null;
        revisitOn: string | null;
        conclusion: string;
      },
    ): Promise<void> {
      const before = await challengeOf(organisationId, id);
      const title = values.title.trim();
      if (!title) throw new RuleError('title', 'challenges.errors.enterTitle');
      if (title.length > 200) throw new RuleError('title', 'challenges.errors.titleTooLong');
      const level = LEVELS.find((one) => one === values.level) ?? null;
      if (values.level && !level) throw new RuleError('level', 'challenges.errors.chooseLevel');
      const details = {
        title,
        level,
        visitedOn: values.visitedOn,
        revisitOn: values.revisitOn,
        conclusion: values.conclusion.trim() || null,
      };
      await db.transaction().execute(async (trx) => {
        if (!(await repo.updateDetails(trx, organisationId, id, version, details)))
          throw new EditConflictError({ ...(await repo.challenge(trx, organisationId, id)) });
        await audit(trx, actor, {
          organisationId,
          action: 'challenge.updated',
          entityType: 'peer_challenge',
          entityId: id,
          summary: `Changed the details of the peer challenge “${title}”`,
          before: {
            title: before.title,
            level: before.level,
            visitedOn: before.visitedOn,
            revisitOn: before.revisitOn,
            conclusion: before.conclusion,
          },
          after: details,
        });
      });
    },

    /** The findings on the golden thread: every one of this organisation's, with its challenge. */
    async findingsForThread(organisationId: string) {
      const [challenges, findings] = await Promise.all([
        repo.list(db, organisationId),
        repo.findings(db, organisationId),
      ]);
      const titles = new Map(challenges.map((challenge) => [challenge.id, challenge.title]));
      return findings.map((finding) => ({
        ...finding,
        challengeTitle: titles.get(finding.challengeId) ?? '',
      }));
    },
  };
}

export type ChallengesService = ReturnType<typeof createChallengesService>;
