import type { Db } from '../../db/connect.ts';
import type { Actor, RecordAudit } from '../../platform/audit/audit.ts';
import { isIsoDate } from '../../platform/dates.ts';
import { formatMonth } from '../../platform/format.ts';
import { EditConflictError, ForbiddenError, NotFoundError, RuleError } from '../../platform/http-errors.ts';
import { LEADS, STAFF, type Person } from '../../platform/roles.ts';
import { actionsLinkedTo } from '../../thread/linked-actions.ts';
import type { RecordLinksRepo } from '../../thread/record-links.repo.ts';
import type { ActionPlanService } from '../action-plan/action-plan.service.ts';
import type { ActionStatus } from '../action-plan/action-status.ts';
import type { Breakdown, CommunityMeasures } from '../communities/community-measures.ts';
import type { MonitoringService } from '../monitoring/monitoring.service.ts';
import type { Comparison } from '../monitoring/comparison.ts';
import { cumulativeMatrix, missingBeforeReview, type Impact } from './eqia-checks.ts';
import { readableAssessment, type ReadableAssessment } from './eqia-readable.ts';
import {
  AIMS,
  defaultTemplate,
  NATURES,
  OUTCOMES,
  screen,
  SEVERITIES,
  withLocalExtras,
  type Aim,
  type EqiaTemplate,
  type Outcome,
} from './eqia-template.ts';
import type { AssessmentChange, AssessmentDetails, AssessmentRow, EqiaRepo } from './eqia.repo.ts';

/** What the evidence section is prefilled with, characteristic by characteristic. */
export interface EvidenceRow {
  characteristic: string;
  population: Breakdown | null;
  service: Comparison | null;
  /** Locale keys for what is not known ("no data on sexual orientation for this service"). */
  gaps: string[];
}

export interface Mitigation {
  id: string;
  reference: string;
  text: string;
  status: ActionStatus;
}

/** Below this share answering, a service's figures on a characteristic are a gap of their own. */
const LOW_DECLARATION = 0.7;

/** The area of the plan that holds impact assessments' mitigations. */
export const MITIGATIONS_AREA = 'Equality impact assessment mitigations';

/** Critical friends with an assessor's access see an assessment once it goes for review. */
export function mayRead(person: Person, assessment: Pick<AssessmentRow, 'status'>): boolean {
  return STAFF.includes(person.role) || (person.role === 'assessor' && assessment.status !== 'draft');
}

/**
 * Equality impact assessments: started on the organisation's current template, screened, the
 * impacts assessed with the area's community profile and the service's own users beside them,
 * mitigations raised as actions in the plan (the golden thread), reviewed by critical friends
 * whose every comment the officer answers, and signed off by an approver. Every change is
 * version-checked and audited; programmes show the cumulative impact of their assessments.
 */
export function createEqiaService(deps: {
  db: Db;
  repo: EqiaRepo;
  audit: RecordAudit;
  measures: Pick<CommunityMeasures, 'breakdowns' | 'areaChoices'>;
  monitoring: Pick<MonitoringService, 'report' | 'services'>;
  actionPlan: Pick<ActionPlanService, 'addAction' | 'list'>;
  links: Pick<RecordLinksRepo, 'add' | 'touching'>;
  now: () => Date;
}) {
  const { db, repo, audit, measures, monitoring, actionPlan, links } = deps;

  async function templateOf(organisationId: string): Promise<EqiaTemplate> {
    return (await repo.latestTemplate(db, organisationId)) ?? defaultTemplate();
  }

  async function assessmentOf(organisationId: string, id: string, person?: Person): Promise<AssessmentRow> {
    const assessment = await repo.get(db, organisationId, id);
    if (!assessment || (person && !mayRead(person, assessment))) throw new NotFoundError();
    return assessment;
  }

  /** Applies one change, version-checked, with its audit event, in one transaction. */
  async function change(
    actor: Actor,
    organisationId: string,
    id: string,
    version: number,
    update: AssessmentChange,
    audited: { action: string; summary: string },
  ): Promise<void> {
    const before = await assessmentOf(organisationId, id);
    if (before.status === 'approved' && !('status' in update))
      throw new RuleError('form', 'eqia.errors.approvedAlready');
    await db.transaction().execute(async (trx) => {
      if (!(await repo.update(trx, organisationId, id, version, update)))
        throw new EditConflictError({ ...(await repo.get(trx, organisationId, id)) });
      const beforeValues = Object.fromEntries(
        Object.keys(update).map((field) => [field, before[field as keyof AssessmentRow] as unknown]),
      );
      await audit(trx, actor, {
        organisationId,
        action: audited.action,
        entityType: 'impact_assessment',
        entityId: id,
        summary: `${audited.summary} “${before.title}”`,
        before: beforeValues,
        after: { ...update },
      });
    });
  }

  function readDetails(values: Record<string, string>): AssessmentDetails {
    const title = (values.title ?? '').trim();
    if (!title) throw new RuleError('title', 'eqia.errors.enterTitle');
    if (title.length > 200) throw new RuleError('title', 'eqia.errors.titleTooLong');
    return {
      title,
      service: (values.service ?? '').trim(),
      leadOfficer: (values.leadOfficer ?? '').trim(),
      description: (values.description ?? '').trim(),
      affected: (values.affected ?? '').trim(),
      decisionBody: (values.decisionBody ?? '').trim(),
      areaCode: values.areaCode?.trim() || null,
      monitoredServiceId: values.monitoredServiceId?.trim() || null,
      programmeId: values.programmeId?.trim() || null,
    };
  }

  async function checkChoices(organisationId: string, details: AssessmentDetails) {
    const [areas, services, programmes] = await Promise.all([
      measures.areaChoices(organisationId),
      monitoring.services(organisationId),
      repo.programmes(db, organisationId),
    ]);
    if (details.areaCode && !areas.some((area) => area.code === details.areaCode))
      throw new RuleError('areaCode', 'eqia.errors.chooseArea');
    if (details.monitoredServiceId && !services.some((one) => one.id === details.monitoredServiceId))
      throw new RuleError('monitoredServiceId', 'eqia.errors.chooseService');
    if (details.programmeId && !programmes.some((one) => one.id === details.programmeId))
      throw new RuleError('programmeId', 'eqia.errors.chooseProgramme');
  }

  /** Each assessment's mitigations (action → impact-assessment links), with their status in the plan. */
  async function mitigationsOf(organisationId: string, ids: readonly string[]) {
    return actionsLinkedTo<Mitigation>(db, links, organisationId, 'impact-assessment', ids, async () =>
      (await actionPlan.list(organisationId)).map(({ id, reference, text, status }) => ({
        id,
        reference,
        text,
        status,
      })),
    );
  }

  async function evidenceOf(organisationId: string, assessment: AssessmentRow) {
    const characteristics = assessment.template.characteristics;
    const classifications = characteristics.flatMap((one) =>
      one.classification ? [one.classification] : [],
    );
    const [population, report, areas] = await Promise.all([
      assessment.areaCode
        ? measures.breakdowns(organisationId, assessment.areaCode, classifications)
        : Promise.resolve(new Map<string, Breakdown | null>()),
      assessment.monitoredServiceId
        ? monitoring.report(organisationId, assessment.monitoredServiceId).catch(() => null)
        : Promise.resolve(null),
      measures.areaChoices(organisationId),
    ]);
    const rows: EvidenceRow[] = characteristics.map((characteristic) => {
      const breakdown = characteristic.classification
        ? (population.get(characteristic.classification) ?? null)
        : null;
      const service =
        report?.comparisons.find((comparison) => comparison.questionId === characteristic.question) ?? null;
      const gaps: string[] = [];
      if (assessment.areaCode && !breakdown) gaps.push('eqia.gap.noPopulation');
      if (report && !service) gaps.push('eqia.gap.serviceDoesNotAsk');
      if (service && service.declarationRate !== null && service.declarationRate < LOW_DECLARATION)
        gaps.push('eqia.gap.fewAnswer');
      return { characteristic: characteristic.id, population: breakdown, service, gaps };
    });
    return {
      area: areas.find((area) => area.code === assessment.areaCode) ?? null,
      service: report
        ? { id: report.service.id, name: report.service.name, period: report.latest?.period ?? null }
        : null,
      rows,
    };
  }

  /** A programme's proposals against each characteristic, with where adverse impacts pile up. */
  async function programmeMatrix(organisationId: string, programmeId: string) {
    const programme = (await repo.programmes(db, organisationId)).find((one) => one.id === programmeId);
    if (!programme) throw new NotFoundError();
    const [assessments, template] = await Promise.all([
      repo.programmeImpacts(db, organisationId, programmeId),
      templateOf(organisationId),
    ]);
    // Columns: the current template's characteristics, then any older versions used.
    const ids = [...template.characteristics.map((one) => one.id)];
    for (const assessment of assessments)
      for (const id of assessment.characteristicIds) if (!ids.includes(id)) ids.push(id);
    return { programme, assessments, matrix: cumulativeMatrix(ids, assessments) };
  }

  /** Records a critical friend's comment on an assessment that is out for review. */
  async function comment(
    actor: Actor,
    assessment: AssessmentRow,
    organisationId: string,
    text: string,
    reviewerLinkId: string | null = null,
  ) {
    const words = text.trim();
    if (!words) throw new RuleError('comment', 'eqia.errors.enterComment');
    if (words.length > 5000) throw new RuleError('comment', 'eqia.errors.commentTooLong');
    if (assessment.status !== 'in_review') throw new RuleError('comment', 'eqia.errors.notInReview');
    await db.transaction().execute(async (trx) => {
      const commentId = await repo.insertComment(trx, organisationId, {
        assessmentId: assessment.id,
        authorUserId: actor.userId,
        authorLabel: actor.label,
        text: words,
        reviewerLinkId,
      });
      await audit(trx, actor, {
        organisationId,
        action: 'eqia.reviewed',
        entityType: 'impact_assessment',
        entityId: assessment.id,
        summary: `Commented on “${assessment.title}” as a critical friend`,
        after: { commentId, text: words },
      });
    });
  }

  return {
    template: templateOf,

    /** Saves the next version of the template, with the local extras and threshold chosen. */
    async saveTemplate(
      actor: Actor,
      organisationId: string,
      values: { extras: string[]; threshold: string },
    ) {
      const threshold = Number(values.threshold);
      if (!Number.isInteger(threshold) || threshold < 1 || threshold > 20)
        throw new RuleError('threshold', 'eqia.errors.threshold');
      const next = withLocalExtras(await templateOf(organisationId), values.extras, threshold);
      await db.transaction().execute(async (trx) => {
        await repo.insertTemplate(trx, organisationId, next, actor.label);
        await audit(trx, actor, {
          organisationId,
          action: 'eqia.template_changed',
          entityType: 'eqia_template',
          entityId: null,
          summary: `Saved version ${next.version} of the impact assessment template`,
          after: { version: next.version, threshold, extras: values.extras },
        });
      });
      return next;
    },

    async list(organisationId: string, person: Person) {
      const all = (await repo.list(db, organisationId)).filter((one) => mayRead(person, one));
      return all.map((assessment) => ({
        ...assessment,
        screeningResult: screen(assessment.template, assessment.screening),
      }));
    },

    async choices(organisationId: string) {
      const [areas, services, programmes] = await Promise.all([
        measures.areaChoices(organisationId),
        monitoring.services(organisationId),
        repo.programmes(db, organisationId),
      ]);
      return { areas, services, programmes };
    },

    async create(actor: Actor, organisationId: string, values: Record<string, string>): Promise<string> {
      const details = readDetails(values);
      await checkChoices(organisationId, details);
      const template = await templateOf(organisationId);
      return db.transaction().execute(async (trx) => {
        const id = await repo.insert(trx, organisationId, details, template, actor);
        await audit(trx, actor, {
          organisationId,
          action: 'eqia.created',
          entityType: 'impact_assessment',
          entityId: id,
          summary: `Started the impact assessment “${details.title}” (template version ${template.version})`,
        });
        return id;
      });
    },

    async page(organisationId: string, id: string, person: Person) {
      const assessment = await assessmentOf(organisationId, id, person);
      const [comments, mitigations, evidence] = await Promise.all([
        repo.comments(db, organisationId, id),
        mitigationsOf(organisationId, [id]),
        evidenceOf(organisationId, assessment),
      ]);
      return {
        assessment,
        screening: screen(assessment.template, assessment.screening),
        missing: missingBeforeReview(assessment),
        comments,
        unanswered: comments.filter((comment) => !comment.response).length,
        mitigations: mitigations.get(id) ?? [],
        evidence,
      };
    },

    async saveDetails(
      actor: Actor,
      organisationId: string,
      id: string,
      version: number,
      values: Record<string, string>,
    ) {
      const details = readDetails(values);
      await checkChoices(organisationId, details);
      await change(actor, organisationId, id, version, details, {
        action: 'eqia.details_changed',
        summary: 'Changed the details of',
      });
    },

    async saveScreening(
      actor: Actor,
      organisationId: string,
      id: string,
      version: number,
      values: { answers: Record<string, string>; reason: string },
    ) {
      const { template } = await assessmentOf(organisationId, id);
      const answers: Record<string, boolean> = {};
      for (const question of template.screening) {
        const answer = values.answers[question.id];
        if (answer !== 'yes' && answer !== 'no')
          throw new RuleError(`screening-${question.id}`, 'eqia.errors.answerScreening');
        answers[question.id] = answer === 'yes';
      }
      const result = screen(template, answers);
      const reason = values.reason.trim();
      if (!result.fullNeeded && !reason)
        throw new RuleError('screeningReason', 'eqia.errors.screeningReason');
      await change(
        actor,
        organisationId,
        id,
        version,
        { screening: answers, screeningReason: reason },
        {
          action: 'eqia.screened',
          summary: `Screened (${result.score} of ${result.outOf}: ${result.fullNeeded ? 'full assessment needed' : 'no full assessment needed'})`,
        },
      );
      return result;
    },

    async saveImpacts(
      actor: Actor,
      organisationId: string,
      id: string,
      version: number,
      values: Record<string, string>,
    ) {
      const { template } = await assessmentOf(organisationId, id);
      const impacts: Record<string, Impact> = {};
      for (const characteristic of template.characteristics) {
        const nature = values[`nature-${characteristic.id}`];
        const severity = values[`severity-${characteristic.id}`] || null;
        const evidence = (values[`evidence-${characteristic.id}`] ?? '').trim();
        if (!nature) continue;
        if (!(NATURES as readonly string[]).includes(nature))
          throw new RuleError(`nature-${characteristic.id}`, 'eqia.errors.chooseNature');
        if (severity && !(SEVERITIES as readonly string[]).includes(severity))
          throw new RuleError(`severity-${characteristic.id}`, 'eqia.errors.chooseSeverity');
        if (nature === 'negative' && !severity)
          throw new RuleError(`severity-${characteristic.id}`, 'eqia.errors.chooseSeverity');
        impacts[characteristic.id] = {
          nature: nature as Impact['nature'],
          severity: nature === 'negative' ? (severity as Impact['severity']) : null,
          evidence,
        };
      }
      const aims: Partial<Record<Aim, string>> = {};
      for (const aim of AIMS) if (values[`aim-${aim}`]?.trim()) aims[aim] = values[`aim-${aim}`]!.trim();
      await change(
        actor,
        organisationId,
        id,
        version,
        { impacts, aims, consultation: (values.consultation ?? '').trim() },
        { action: 'eqia.impacts_assessed', summary: 'Assessed the impacts of' },
      );
    },

    async saveOutcome(
      actor: Actor,
      organisationId: string,
      id: string,
      version: number,
      values: { outcome: string; reason: string; reviewOn: string | null },
    ) {
      const outcome = OUTCOMES.find((one) => one === values.outcome);
      if (!outcome) throw new RuleError('outcome', 'eqia.errors.chooseOutcome');
      if (outcome !== 'no_change' && !values.reason.trim())
        throw new RuleError('outcomeReason', 'eqia.errors.outcomeReason');
      if (values.reviewOn !== null && !isIsoDate(values.reviewOn))
        throw new RuleError('reviewOn', 'eqia.errors.realDate');
      await change(
        actor,
        organisationId,
        id,
        version,
        { outcome: outcome as Outcome, outcomeReason: values.reason.trim(), reviewOn: values.reviewOn },
        { action: 'eqia.outcome_recorded', summary: `Recorded the outcome (${outcome}) of` },
      );
    },

    /** Raises a mitigation as an action in the plan, joined to the assessment, in one transaction. */
    async addMitigation(
      actor: Actor,
      organisationId: string,
      id: string,
      values: { text: string; targetEnd: string | null },
    ) {
      const assessment = await assessmentOf(organisationId, id);
      const text = values.text.trim();
      if (!text) throw new RuleError('mitigationText', 'eqia.errors.enterMitigation');
      if (values.targetEnd !== null && !isIsoDate(values.targetEnd))
        throw new RuleError('target', 'eqia.errors.realDate');
      return db.transaction().execute(async (trx) => {
        const action = await actionPlan.addAction(trx, actor, organisationId, {
          areaTitle: MITIGATIONS_AREA,
          text,
          targetEnd: values.targetEnd,
          targetText: formatMonth(values.targetEnd),
          lead: null,
          criteriaRefs: [],
          strands: ['all'],
        });
        await links.add(
          trx,
          organisationId,
          { type: 'action', id: action.id },
          { type: 'impact-assessment', id },
          actor.label,
        );
        await audit(trx, actor, {
          organisationId,
          action: 'eqia.mitigation_added',
          entityType: 'impact_assessment',
          entityId: id,
          summary: `Added mitigation ${action.reference} to “${assessment.title}”`,
        });
        return action;
      });
    },

    /** Sends an assessment to its critical friends, once nothing is missing. */
    async submitForReview(actor: Actor, organisationId: string, id: string, version: number) {
      const assessment = await assessmentOf(organisationId, id);
      if (assessment.status !== 'draft') throw new RuleError('form', 'eqia.errors.notDraft');
      const missing = missingBeforeReview(assessment);
      if (missing.length > 0)
        throw new RuleError('form', 'eqia.errors.incomplete', { count: missing.length });
      await change(
        actor,
        organisationId,
        id,
        version,
        { status: 'in_review' },
        {
          action: 'eqia.submitted',
          summary: 'Sent for review by critical friends',
        },
      );
    },

    /** A critical friend's comment (staff, or an outside reviewer with an assessor's access). */
    async addComment(actor: Actor, person: Person, organisationId: string, id: string, text: string) {
      await comment(actor, await assessmentOf(organisationId, id, person), organisationId, text);
    },

    /** A comment from a critical friend invited by link, who has no account (eqia-reviewers). */
    async addInvitedComment(
      actor: Actor,
      organisationId: string,
      id: string,
      text: string,
      reviewerLinkId: string,
    ) {
      await comment(actor, await assessmentOf(organisationId, id), organisationId, text, reviewerLinkId);
    },

    /** The assessment as someone outside the service reads it (the public register, an invited reviewer). */
    async readable(
      organisationId: string,
      id: string,
    ): Promise<{ assessment: AssessmentRow; readable: ReadableAssessment }> {
      const assessment = await assessmentOf(organisationId, id);
      const [mitigations, areas] = await Promise.all([
        mitigationsOf(organisationId, [id]),
        assessment.areaCode ? measures.areaChoices(organisationId) : Promise.resolve([]),
      ]);
      const areaName = areas.find((area) => area.code === assessment.areaCode)?.name ?? null;
      return {
        assessment,
        readable: readableAssessment(assessment, { areaName, mitigations: mitigations.get(id) ?? [] }),
      };
    },

    comments: (organisationId: string, id: string) => repo.comments(db, organisationId, id),

    /** Signed-off assessments whose review falls on or before `untilIso`, with their owners. */
    reviewsDue: (organisationId: string, untilIso: string) => repo.reviewsDue(db, organisationId, untilIso),

    async assessmentOfComment(organisationId: string, commentId: string): Promise<string> {
      const comment = await repo.comment(db, organisationId, commentId);
      if (!comment) throw new NotFoundError();
      return comment.assessmentId;
    },

    /** The officer's answer to a comment; every comment is answered before sign-off. */
    async respond(actor: Actor, organisationId: string, commentId: string, text: string) {
      const comment = await repo.comment(db, organisationId, commentId);
      if (!comment) throw new NotFoundError();
      const words = text.trim();
      if (!words) throw new RuleError(`response-${commentId}`, 'eqia.errors.enterResponse');
      await db.transaction().execute(async (trx) => {
        await repo.respond(trx, organisationId, commentId, words, actor.label);
        await audit(trx, actor, {
          organisationId,
          action: 'eqia.review_answered',
          entityType: 'impact_assessment',
          entityId: comment.assessmentId,
          summary: 'Answered a critical friend’s comment',
          before: { response: comment.response },
          after: { response: words },
        });
      });
      return comment.assessmentId;
    },

    /** Signs the assessment off: an approver (a lead), with every comment answered. */
    async approve(actor: Actor, person: Person, organisationId: string, id: string, version: number) {
      if (!LEADS.includes(person.role)) throw new ForbiddenError();
      const assessment = await assessmentOf(organisationId, id);
      if (assessment.status !== 'in_review') throw new RuleError('form', 'eqia.errors.notInReview');
      const comments = await repo.comments(db, organisationId, id);
      const unanswered = comments.filter((comment) => !comment.response).length;
      if (unanswered > 0)
        throw new RuleError('form', 'eqia.errors.unansweredComments', { count: unanswered });
      await change(
        actor,
        organisationId,
        id,
        version,
        { status: 'approved', approvedByLabel: actor.label, approvedAt: deps.now() },
        { action: 'eqia.approved', summary: 'Signed off' },
      );
    },

    programmes: (organisationId: string) => repo.programmes(db, organisationId),

    async createProgramme(
      actor: Actor,
      organisationId: string,
      values: { title: string; description: string },
    ) {
      const title = values.title.trim();
      if (!title) throw new RuleError('title', 'eqia.errors.enterProgrammeTitle');
      return db.transaction().execute(async (trx) => {
        const id = await repo.insertProgramme(trx, organisationId, {
          title,
          description: values.description.trim(),
        });
        if (!id) throw new RuleError('title', 'eqia.errors.programmeExists');
        await audit(trx, actor, {
          organisationId,
          action: 'eqia.programme_created',
          entityType: 'eqia_programme',
          entityId: id,
          summary: `Started the programme “${title}”`,
        });
        return id;
      });
    },

    programme: programmeMatrix,

    /** The programme, and a value that changes whenever its matrix would (for keeping it rendered). */
    async programmeWithFreshness(organisationId: string, programmeId: string) {
      const found = await repo.programmeWithFreshness(db, organisationId, programmeId);
      if (!found) throw new NotFoundError();
      return found;
    },

    /** The programme's matrix with each proposal's status and outcome, for the committee report. */
    async programmeReport(organisationId: string, programmeId: string) {
      const [found, assessments] = await Promise.all([
        programmeMatrix(organisationId, programmeId),
        repo.list(db, organisationId, programmeId),
      ]);
      const byId = new Map(assessments.map((one) => [one.id, one]));
      return {
        programme: found.programme,
        matrix: found.matrix,
        proposals: found.assessments.map((one) => ({
          title: one.title,
          status: byId.get(one.id)?.status ?? 'draft',
          outcome: byId.get(one.id)?.outcome ?? null,
        })),
      };
    },

    /** The assessments on the golden thread, named for a panel. */
    async forThread(organisationId: string) {
      return (await repo.list(db, organisationId)).map(({ id, title, status }) => ({ id, title, status }));
    },
  };
}

export type EqiaService = ReturnType<typeof createEqiaService>;
