import type { Db } from '../../db/connect.ts';
import type { Actor, RecordAudit } from '../../platform/audit/audit.ts';
import { EditConflictError, ForbiddenError, NotFoundError, RuleError } from '../../platform/http-errors.ts';
import { formatMonth } from '../../platform/format.ts';
import { STAFF, type Role } from '../../platform/roles.ts';
import { ukToday } from '../action-plan/action-status.ts';
import type { ActionPlanService } from '../action-plan/action-plan.service.ts';
import type { EvidenceService } from '../evidence/evidence.service.ts';
import type { LinkedEvidence } from '../evidence/evidence.service.ts';
import {
  areaNames,
  topAreaOf,
  validateDefinition,
  type FrameworkDefinition,
} from '../frameworks/framework-definition.ts';
import {
  areasInScope,
  assessLevels,
  criteriaByArea,
  type CriterionState,
} from '../frameworks/framework-levels.ts';
import type { FrameworksService } from '../frameworks/frameworks.service.ts';
import type { TeamService } from '../team/team.service.ts';
import type {
  AssessmentRow,
  AssessmentSettings,
  AssessmentsRepo,
  RatingRow,
  RatingValues,
} from './assessments.repo.ts';
import { readinessOf } from './readiness.ts';
import { assessorMayOpenEvidence, criteriaInScope, criterionInScope, mayRate } from './assessments.policy.ts';

/** Who is looking: assessors see only assessments shared with them. */
export interface Viewer {
  userId: string | null;
  role: Role;
}

/**
 * Not a person: a read made to carry out a change whose route has already checked who may make
 * it (changing settings, contributors, raising an action). Said explicitly, rather than
 * pretending to be an administrator.
 */
export const FOR_AN_AUTHORISED_CHANGE = Object.freeze({ kind: 'authorised change' as const });
type Reader = Viewer | typeof FOR_AN_AUTHORISED_CHANGE;

export interface LoadedAssessment {
  assessment: AssessmentRow;
  definition: FrameworkDefinition;
}

/** Criterion references that the action plan's framework column can hold (numbers like 2.3.2). */
const PLAN_REFERENCE = /^\d+(\.\d+)+$/;

export function createAssessmentsService(deps: {
  db: Db;
  repo: AssessmentsRepo;
  frameworks: FrameworksService;
  evidence: EvidenceService;
  actionPlan: ActionPlanService;
  team: TeamService;
  audit: RecordAudit;
  now: () => Date;
}) {
  const { db, repo, frameworks, evidence, actionPlan, team, audit, now } = deps;

  async function load(
    trx: Db,
    organisationId: string,
    id: string,
    reader: Reader,
  ): Promise<LoadedAssessment> {
    const assessment = await repo.find(trx, organisationId, id);
    if (!assessment) throw new NotFoundError();
    // An assessor is not told an unshared assessment exists.
    const insider = 'kind' in reader || STAFF.includes(reader.role);
    if (!insider && !assessment.sharedWithAssessors) throw new NotFoundError();
    const parsed = validateDefinition(assessment.definition);
    if (!parsed.ok) throw new Error(`Assessment ${id} holds an invalid definition: ${parsed.problems[0]}`);
    return { assessment, definition: parsed.definition };
  }

  /**
   * The assessment and one of its criteria. An unknown reference, or one outside the assessment's
   * scope, is a 404 like an unknown id: it is not part of this assessment.
   */
  async function locate(trx: Db, organisationId: string, id: string, ref: string, reader: Reader) {
    const loaded = await load(trx, organisationId, id, reader);
    const criterion = loaded.definition.criteria.find((candidate) => candidate.ref === ref);
    if (!criterion || !criterionInScope(loaded.definition, loaded.assessment.scope, ref))
      throw new NotFoundError();
    return { ...loaded, criterion };
  }

  function checkTargetLevel(definition: FrameworkDefinition, targetLevel: string | null): void {
    if (targetLevel && !definition.levels.some((level) => level.id === targetLevel))
      throw new RuleError('targetLevel', 'assessments.errors.chooseLevel', { framework: definition.name });
  }

  async function checkOwner(organisationId: string, userId: string | null, field: string) {
    if (!userId) return;
    if (!(await team.listStaff(organisationId)).some((member) => member.userId === userId))
      throw new RuleError(field, 'Choose a person from the list');
  }

  function byCriterion(links: LinkedEvidence[]): Map<string, LinkedEvidence[]> {
    const grouped = new Map<string, LinkedEvidence[]>();
    for (const link of links)
      grouped.set(link.criterionRef, [...(grouped.get(link.criterionRef) ?? []), link]);
    return grouped;
  }

  /**
   * Ratings, evidence counts and levels: everything the overview and readiness view show. Only
   * the links to out-of-date evidence are read in full (readiness lists them); the pack reads the
   * rest (`packContents`).
   */
  async function workspace(organisationId: string, id: string, viewer: Viewer) {
    const loaded = await load(db, organisationId, id, viewer);
    const { assessment, definition } = loaded;
    const today = ukToday(now());
    const [ratings, counts, staleLinks, actionLinks, comments] = await Promise.all([
      repo.ratings(db, organisationId, id),
      evidence.linkCounts(organisationId, definition.id, today),
      evidence.staleForFramework(organisationId, definition.id, today),
      repo.actionLinks(db, organisationId, id),
      repo.comments(db, organisationId, id),
    ]);
    const ratingByRef = new Map(ratings.map((rating) => [rating.criterionRef, rating]));
    const countsByRef = new Map(counts.map((count) => [count.criterionRef, count]));
    const states = new Map<string, CriterionState>();
    for (const criterion of definition.criteria) {
      const rating = ratingByRef.get(criterion.ref);
      const count = countsByRef.get(criterion.ref);
      states.set(criterion.ref, {
        rating: rating?.rating ?? 'not_started',
        score: rating?.score ?? null,
        evidence: count?.evidence ?? 0,
        currentEvidence: count?.current ?? 0,
      });
    }
    const levels = assessLevels(definition, states, assessment.scope, assessment.targetLevel);
    const inScope = new Set(areasInScope(definition, assessment.scope).map((area) => area.id));
    const grouped = criteriaByArea(definition);
    const areas = definition.areas
      .filter((area) => inScope.has(area.id))
      .map((area) => ({
        area,
        criteria: grouped.get(area.id) ?? [],
        result: levels.areas.find((r) => r.areaId === area.id)!,
      }));
    const actionCount = new Map<string, number>();
    for (const link of actionLinks)
      actionCount.set(link.criterionRef, (actionCount.get(link.criterionRef) ?? 0) + 1);
    const commentCount = new Map<string, number>();
    for (const comment of comments)
      commentCount.set(comment.criterionRef, (commentCount.get(comment.criterionRef) ?? 0) + 1);
    return {
      ...loaded,
      today,
      areas,
      levels,
      states,
      ratingByRef,
      actionCount,
      commentCount,
      readiness: readinessOf(definition, areas, states, byCriterion(staleLinks), today),
      names: areaNames(definition),
    };
  }

  return {
    load: (organisationId: string, id: string, viewer: Viewer) => load(db, organisationId, id, viewer),
    locate: (organisationId: string, id: string, ref: string, viewer: Viewer) =>
      locate(db, organisationId, id, ref, viewer),
    workspace,

    /** The workspace with every evidence link by criterion: what the submission pack lists. */
    async packContents(organisationId: string, id: string, viewer: Viewer) {
      const contents = await workspace(organisationId, id, viewer);
      const links = await evidence.forFramework(organisationId, contents.definition.id);
      return { ...contents, evidenceByRef: byCriterion(links) };
    },

    async list(organisationId: string, viewer: Viewer) {
      const all = await repo.list(db, organisationId);
      return all
        .filter((assessment) => STAFF.includes(viewer.role) || assessment.sharedWithAssessors)
        .map((assessment) => {
          const parsed = validateDefinition(assessment.definition);
          return {
            ...assessment,
            frameworkName: parsed.ok
              ? `${parsed.definition.name} ${parsed.definition.version}`
              : assessment.frameworkKey,
          };
        });
    },

    /** Starts an assessment against a copy of the chosen definition (the version is pinned). */
    async start(
      actor: Actor,
      organisationId: string,
      values: {
        frameworkKey: string;
        title: string;
        scope: string[];
        targetLevel: string | null;
        ownerUserId: string | null;
      },
    ): Promise<string> {
      const entry = await frameworks.lookup(organisationId, values.frameworkKey);
      if (!entry) throw new RuleError('frameworkKey', 'assessments.errors.chooseAFrameworkFromThe');
      const { definition } = entry;
      const unknownArea = values.scope.find((areaId) => !definition.areas.some((area) => area.id === areaId));
      if (unknownArea)
        throw new RuleError('scope', 'assessments.errors.noSuchArea', {
          framework: definition.name,
          area: unknownArea,
        });
      checkTargetLevel(definition, values.targetLevel);
      await checkOwner(organisationId, values.ownerUserId, 'ownerUserId');
      // Every area chosen is the same as none chosen: store "all" as the empty scope.
      const scope = values.scope.length === definition.areas.length ? [] : values.scope;
      return db.transaction().execute(async (trx) => {
        const id = await repo.insert(trx, organisationId, {
          title: values.title,
          frameworkKey: entry.key,
          definition,
          scope,
          targetLevel: values.targetLevel,
          ownerUserId: values.ownerUserId,
          sharedWithAssessors: false,
          status: 'in_progress',
        });
        await audit(trx, actor, {
          organisationId,
          action: 'assessment.started',
          entityType: 'assessment',
          entityId: id,
          summary: `Started the self-assessment “${values.title}” against ${definition.name} ${definition.version}${scope.length ? ` (areas ${scope.join(', ')})` : ''}`,
        });
        return id;
      });
    },

    async changeSettings(
      actor: Actor,
      organisationId: string,
      id: string,
      version: number,
      values: AssessmentSettings,
    ) {
      const { assessment, definition } = await load(db, organisationId, id, FOR_AN_AUTHORISED_CHANGE);
      checkTargetLevel(definition, values.targetLevel);
      await checkOwner(organisationId, values.ownerUserId, 'ownerUserId');
      await db.transaction().execute(async (trx) => {
        if (!(await repo.updateSettingsIfVersion(trx, organisationId, id, version, values, now())))
          throw new EditConflictError({ ...((await repo.find(trx, organisationId, id)) ?? assessment) });
        await audit(trx, actor, {
          organisationId,
          action: 'assessment.changed',
          entityType: 'assessment',
          entityId: id,
          summary: `Changed the self-assessment “${values.title}”${values.sharedWithAssessors !== assessment.sharedWithAssessors ? (values.sharedWithAssessors ? ' and shared it with assessors' : ' and stopped sharing it with assessors') : ''}`,
          before: {
            title: assessment.title,
            targetLevel: assessment.targetLevel,
            ownerUserId: assessment.ownerUserId,
            shared: assessment.sharedWithAssessors,
            status: assessment.status,
          },
          after: {
            title: values.title,
            targetLevel: values.targetLevel,
            ownerUserId: values.ownerUserId,
            shared: values.sharedWithAssessors,
            status: values.status,
          },
        });
      });
    },

    contributors: (organisationId: string, id: string) => repo.contributors(db, organisationId, id),

    async setContributors(
      actor: Actor,
      organisationId: string,
      id: string,
      areaId: string,
      userIds: string[],
    ) {
      const { assessment, definition } = await load(db, organisationId, id, FOR_AN_AUTHORISED_CHANGE);
      const area = definition.areas.find((candidate) => candidate.id === areaId);
      if (!area) throw new NotFoundError();
      const chosen = (await team.listStaff(organisationId)).filter((member) =>
        userIds.includes(member.userId),
      );
      if (chosen.length !== new Set(userIds).size)
        throw new RuleError('userIds', 'assessments.errors.choosePeopleFromTheList');
      await db.transaction().execute(async (trx) => {
        await repo.replaceContributors(
          trx,
          organisationId,
          id,
          areaId,
          chosen.map((member) => member.userId),
        );
        await audit(trx, actor, {
          organisationId,
          action: 'assessment.contributors_changed',
          entityType: 'assessment',
          entityId: id,
          summary: `Set who contributes to “${area.name}” in “${assessment.title}”: ${chosen.map((member) => member.displayName).join(', ') || 'nobody'}`,
        });
      });
    },

    /** One criterion with everything said about it. */
    async criterion(organisationId: string, id: string, ref: string, viewer: Viewer) {
      const { criterion, ...loaded } = await locate(db, organisationId, id, ref, viewer);
      // Its evidence and actions are on the golden thread: the page's Linked records panel.
      const [rating, comments, history, contributors] = await Promise.all([
        repo.rating(db, organisationId, id, ref),
        repo.comments(db, organisationId, id),
        repo.history(db, organisationId, id),
        repo.contributors(db, organisationId, id),
      ]);
      const topArea = topAreaOf(loaded.definition).get(criterion.area)!;
      return {
        ...loaded,
        criterion,
        topArea,
        areaName: areaNames(loaded.definition).get(criterion.area)!,
        rating: rating ?? null,
        comments: comments.filter((comment) => comment.criterionRef === ref),
        history: history.filter((entry) => entry.criterionRef === ref).reverse(),
        contributors: contributors.filter((contributor) => contributor.areaId === topArea.id),
      };
    },

    /**
     * Saves a criterion's rating. Leads may rate anything; a contributor only the areas they were
     * asked to contribute to, or criteria they own. Every change of rating or score is kept.
     */
    async rate(
      actor: Actor,
      viewer: Viewer,
      organisationId: string,
      id: string,
      ref: string,
      version: number,
      values: RatingValues,
    ) {
      const { assessment, definition, criterion } = await locate(db, organisationId, id, ref, viewer);
      if (assessment.status === 'closed')
        throw new RuleError('rating', 'assessments.errors.thisAssessmentIsClosedReopen');
      // A score only means something in a scored framework.
      const score = definition.rating.kind === 'score' ? values.score : null;
      if (
        definition.rating.kind === 'score' &&
        score !== null &&
        (score < definition.rating.min || score > definition.rating.max)
      )
        throw new RuleError('score', 'assessments.errors.scoreRange', {
          min: definition.rating.min,
          max: definition.rating.max,
        });
      const saved = { ...values, score };
      const previous = (await repo.rating(db, organisationId, id, ref)) ?? null;
      const topArea = topAreaOf(definition).get(criterion.area)!;
      const areaContributorIds = (await repo.contributors(db, organisationId, id))
        .filter((contributor) => contributor.areaId === topArea.id)
        .map((contributor) => contributor.userId);
      if (!mayRate(viewer, { closed: false, areaContributorIds, ownerUserId: previous?.ownerUserId ?? null }))
        throw new ForbiddenError(
          'Only the equality lead, the contributors to this area and the criterion’s owner can rate it',
        );
      await checkOwner(organisationId, values.ownerUserId, 'ownerUserId');
      await db.transaction().execute(async (trx) => {
        if (
          !(await repo.saveRatingIfVersion(trx, organisationId, id, ref, version, saved, now(), actor.label))
        )
          throw new EditConflictError({ ...((await repo.rating(trx, organisationId, id, ref)) ?? {}) });
        const changed = !previous || previous.rating !== saved.rating || previous.score !== saved.score;
        if (changed)
          await repo.insertHistory(trx, organisationId, id, [
            { ref, rating: saved.rating, score: saved.score, byLabel: actor.label },
          ]);
        await audit(trx, actor, {
          organisationId,
          action: 'assessment.criterion_rated',
          entityType: 'assessment',
          entityId: id,
          summary: `Rated ${ref} in “${assessment.title}”: ${saved.score !== null ? `score ${saved.score}` : saved.rating.replace('_', ' ')}`,
          before: previous ? snapshotRating(previous) : undefined,
          after: snapshotRating(saved),
        });
      });
    },

    async comment(
      actor: Actor,
      viewer: Viewer,
      organisationId: string,
      id: string,
      ref: string,
      body: string,
    ) {
      const { assessment } = await locate(db, organisationId, id, ref, viewer);
      await db.transaction().execute(async (trx) => {
        const commentId = await repo.insertComment(trx, organisationId, {
          assessmentId: id,
          ref,
          authorUserId: actor.userId,
          authorLabel: actor.label,
          authorRole: viewer.role,
          body,
        });
        await audit(trx, actor, {
          organisationId,
          action: 'assessment.commented',
          entityType: 'assessment',
          entityId: id,
          summary: `Commented on ${ref} in “${assessment.title}”`,
          after: { commentId, body },
        });
      });
    },

    /** Turns a gap into an action in the plan, linked to the criterion both ways, in one transaction. */
    async createAction(
      actor: Actor,
      organisationId: string,
      id: string,
      ref: string,
      values: { text: string; targetEnd: string | null; leadUserId: string | null },
    ): Promise<{ id: string; reference: string }> {
      const { assessment, definition, criterion } = await locate(
        db,
        organisationId,
        id,
        ref,
        FOR_AN_AUTHORISED_CHANGE,
      );
      let lead: { name: string; userId: string | null } | null = null;
      if (values.leadUserId) {
        const member = (await team.listStaff(organisationId)).find(
          (candidate) => candidate.userId === values.leadUserId,
        );
        if (!member) throw new RuleError('leadUserId', 'assessments.errors.chooseALeadOfficerFrom');
        lead = { name: member.displayName, userId: member.userId };
      }
      return db.transaction().execute(async (trx) => {
        const action = await actionPlan.addAction(trx, actor, organisationId, {
          areaTitle: `${definition.name} ${definition.version}: closing the gaps`,
          text: values.text,
          targetEnd: values.targetEnd,
          // Written as plans write targets ("March 2027"); none when no date was given.
          targetText: formatMonth(values.targetEnd),
          lead,
          criteriaRefs: PLAN_REFERENCE.test(criterion.ref) ? [criterion.ref] : [],
          strands: ['all'],
        });
        await repo.linkAction(trx, organisationId, id, ref, action.id, actor.label);
        await audit(trx, actor, {
          organisationId,
          action: 'assessment.action_created',
          entityType: 'assessment',
          entityId: id,
          summary: `Raised action ${action.reference} for ${ref} in “${assessment.title}”`,
        });
        return action;
      });
    },

    history: async (organisationId: string, id: string, viewer: Viewer) => {
      const loaded = await load(db, organisationId, id, viewer);
      return { ...loaded, history: await repo.history(db, organisationId, id) };
    },

    /**
     * Where each framework reference an action gives ("2.3.2") can be read: the criterion page of
     * an assessment this organisation runs whose framework has that criterion in scope. The
     * assessment listed first (the newest) wins; references no assessment covers are left out.
     */
    async criterionPages(
      organisationId: string,
      refs: readonly string[],
    ): Promise<Map<string, { href: string; title: string }>> {
      const pages = new Map<string, { href: string; title: string }>();
      if (refs.length === 0) return pages;
      for (const assessment of await repo.list(db, organisationId)) {
        const parsed = validateDefinition(assessment.definition);
        if (!parsed.ok) continue;
        for (const ref of refs)
          if (!pages.has(ref) && criterionInScope(parsed.definition, assessment.scope, ref))
            pages.set(ref, {
              href: `/assessments/${assessment.id}/criteria/${encodeURIComponent(ref)}`,
              title: `${ref} in ${assessment.title}`,
            });
      }
      return pages;
    },

    /**
     * Whether a peer assessor may open an evidence item: it must support a criterion inside the
     * scope of an assessment shared with them (assessments.policy.ts).
     */
    async assessorMayOpenEvidence(
      organisationId: string,
      links: readonly { frameworkId: string; criterionRef: string }[],
    ): Promise<boolean> {
      const shared = new Set<string>();
      for (const assessment of (await repo.list(db, organisationId)).filter(
        (one) => one.sharedWithAssessors,
      )) {
        const { definition } = await load(db, organisationId, assessment.id, {
          userId: null,
          role: 'assessor',
        });
        for (const key of criteriaInScope(definition, assessment.scope)) shared.add(key);
      }
      return assessorMayOpenEvidence(shared, links);
    },
  };
}

function snapshotRating(
  values: Pick<RatingRow, 'rating' | 'score' | 'narrative' | 'ownerUserId' | 'reviewDate'>,
) {
  return {
    rating: values.rating,
    score: values.score,
    narrative: values.narrative,
    ownerUserId: values.ownerUserId,
    reviewDate: values.reviewDate,
  };
}

export type AssessmentsService = ReturnType<typeof createAssessmentsService>;
