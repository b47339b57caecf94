import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { membersWithRole } from '../../platform/access.ts';
import { actorOf, organisationIdOf, viewerOf } from '../../platform/actor.ts';
import { parseForm, submittedVersion, ruleProblem } from '../../platform/forms.ts';
import { EditConflictError, RuleError } from '../../platform/http-errors.ts';
import { idParam } from '../../platform/ids.ts';
import { EDITORS, EVERY_ROLE, LEADS, STAFF, type Role } from '../../platform/roles.ts';
import type { LinkedRecordsPanels } from '../../thread/thread.service.ts';
import { assessmentCriterionRecord, criterionRecord } from '../../thread/record-types.ts';
import { mayRate } from './assessments.policy.ts';
import type { FrameworksService } from '../frameworks/frameworks.service.ts';
import type { TeamService } from '../team/team.service.ts';
import type { AssessmentsService } from './assessments.service.ts';
import { ukToday } from '../action-plan/action-status.ts';
import { STATUS_LABELS, STATUS_RAG } from '../action-plan/action-status.ts';
import { GAP_LABELS, RATING_LABELS } from '../frameworks/framework-levels.ts';
import { buildPack, packDocx, ratingsCsv } from './assessment-pack.ts';
import type { RatingRow } from './assessments.repo.ts';
import {
  commentForm,
  contributorsForm,
  gapActionForm,
  ratingForm,
  settingsForm,
  startForm,
} from './assessments.schema.ts';
import { READINESS_LABELS } from './readiness.ts';
import { labelsIn, type Translate } from '../../platform/i18n/i18n.ts';

export const assessmentsNavigation = [
  { href: '/assessments', textKey: 'nav.assessments', roles: EVERY_ROLE },
];

/** People who may comment on a criterion: the team doing the work and the peer assessors. */
const COMMENTERS: readonly Role[] = ['admin', 'equality_lead', 'contributor', 'assessor'];
const VIEWS = 'features/assessments/views';
/** The words templates show for ratings, gaps and readiness, in the reader's language. */
const labelsFor = (t: Translate) => ({
  ratingLabels: labelsIn(t, 'ratings', Object.keys(RATING_LABELS)),
  gapLabels: labelsIn(t, 'gaps', Object.keys(GAP_LABELS)),
  readinessLabels: labelsIn(t, 'readiness', Object.keys(READINESS_LABELS)),
});

function refParam(request: FastifyRequest): string {
  return String((request.params as Record<string, string>).criterionRef ?? '');
}

export function assessmentsRoutes(
  app: FastifyInstance,
  {
    assessments,
    frameworks,
    team,
    linkedRecords,
    config,
    now,
  }: {
    assessments: AssessmentsService;
    frameworks: Pick<FrameworksService, 'catalogue' | 'lookup'>;
    team: Pick<TeamService, 'listStaff'>;
    linkedRecords: LinkedRecordsPanels;
    config: { publicUrl: string };
    /** The app's clock (tests move it), for the date a pack is generated on. */
    now: () => Date;
  },
): void {
  const role = (request: FastifyRequest) => request.organisation!.role;
  const staffChoices = async (organisationId: string) =>
    (await team.listStaff(organisationId)).map((member) => ({
      value: member.userId,
      text: member.displayName,
    }));

  app.get('/assessments', { config: { access: membersWithRole(EVERY_ROLE) } }, async (request, reply) =>
    reply.render(`${VIEWS}/list.njk`, {
      title: request.t('assessments.page.selfAssessments'),
      assessments: await assessments.list(organisationIdOf(request), viewerOf(request)),
      canStart: LEADS.includes(role(request)),
      isAssessor: !STAFF.includes(role(request)),
    }),
  );

  /**
   * Starting takes two steps so that the areas and levels offered are those of the framework
   * chosen, without scripts: first the framework, then everything that depends on it.
   */
  const renderChooseFramework = async (
    request: FastifyRequest,
    reply: FastifyReply,
    context: Record<string, unknown> = {},
    status?: number,
  ) =>
    reply.render(
      `${VIEWS}/new-framework.njk`,
      {
        title: request.t('assessments.page.startASelfAssessment'),
        catalogue: await frameworks.catalogue(organisationIdOf(request)),
        backLink: '/assessments',
        ...context,
      },
      status,
    );

  const renderStart = async (
    request: FastifyRequest,
    reply: FastifyReply,
    frameworkKey: string,
    context: Record<string, unknown>,
    status?: number,
  ) => {
    const organisationId = organisationIdOf(request);
    const entry = await frameworks.lookup(organisationId, frameworkKey);
    if (!entry)
      return renderChooseFramework(
        request,
        reply,
        {
          ...ruleProblem(
            new RuleError('frameworkKey', 'assessments.errors.chooseAFrameworkFromThe'),
            request.t,
          ),
          values: {},
        },
        400,
      );
    return reply.render(
      `${VIEWS}/new.njk`,
      {
        title: request.t('assessments.page.startASelfAssessment'),
        entry,
        owners: await staffChoices(organisationId),
        backLink: `/assessments/new?chosen=${encodeURIComponent(entry.key)}`,
        ...context,
      },
      status,
    );
  };

  app.get('/assessments/new', { config: { access: membersWithRole(LEADS) } }, async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    if (!query.framework)
      return renderChooseFramework(request, reply, {
        values: { frameworkKey: query.chosen ?? 'eflg-2021@2021' },
      });
    return renderStart(request, reply, query.framework, {
      values: {
        frameworkKey: query.framework,
        scopeChoice: 'all',
        scope: [],
        targetLevel: 'achieving',
        ownerUserId: request.user!.id,
      },
    });
  });

  app.post('/assessments/new', { config: { access: membersWithRole(LEADS) } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = { ...body, scope: [body.scope ?? []].flat() };
    const frameworkKey = String(body.frameworkKey ?? '');
    const form = parseForm(startForm, body, request.t);
    if (!form.ok) return renderStart(request, reply, frameworkKey, { values, ...form }, 400);
    try {
      const id = await assessments.start(actorOf(request), organisationIdOf(request), {
        ...form.data,
        scope: form.data.scopeChoice === 'all' ? [] : form.data.scope,
      });
      return reply.redirect(`/assessments/${id}`, 303);
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      return renderStart(request, reply, frameworkKey, { values, ...ruleProblem(error, request.t) }, 400);
    }
  });

  /** The overview and the readiness view show the same workspace, differently. */
  const renderWorkspace = async (
    request: FastifyRequest,
    reply: FastifyReply,
    view: string,
    page: (assessment: { id: string; title: string }) => { title: string } & Record<string, unknown>,
  ) => {
    const workspace = await assessments.workspace(
      organisationIdOf(request),
      idParam(request, 'assessmentId'),
      viewerOf(request),
    );
    return reply.render(`${VIEWS}/${view}`, {
      ...workspace,
      ...labelsFor(request.t),
      ...page(workspace.assessment),
    });
  };

  app.get(
    '/assessments/:assessmentId',
    { config: { access: membersWithRole(EVERY_ROLE), resource: 'assessment' } },
    (request, reply) =>
      renderWorkspace(request, reply, 'overview.njk', (assessment) => ({
        title: assessment.title,
        canManage: LEADS.includes(role(request)),
        backLink: '/assessments',
      })),
  );

  app.get(
    '/assessments/:assessmentId/readiness',
    { config: { access: membersWithRole(EVERY_ROLE), resource: 'assessment' } },
    (request, reply) =>
      renderWorkspace(request, reply, 'readiness.njk', (assessment) => ({
        title: request.t('assessments.page.readiness', { title: assessment.title }),
        backLink: `/assessments/${assessment.id}`,
      })),
  );

  const renderCriterion = async (
    request: FastifyRequest,
    reply: FastifyReply,
    context: Record<string, unknown> = {},
    status?: number,
  ) => {
    const organisationId = organisationIdOf(request);
    const details = await assessments.criterion(
      organisationId,
      idParam(request, 'assessmentId'),
      refParam(request),
      viewerOf(request),
    );
    const isStaff = STAFF.includes(role(request));
    return reply.render(
      `${VIEWS}/criterion.njk`,
      {
        title: `${details.criterion.ref} ${details.criterion.text}`,
        ...details,
        ...labelsFor(request.t),
        statusLabels: STATUS_LABELS,
        statusRag: STATUS_RAG,
        // The same rule the service applies: the form shows only to someone who may rate.
        canRate: mayRate(viewerOf(request), {
          closed: details.assessment.status === 'closed',
          areaContributorIds: details.contributors.map((contributor) => contributor.userId),
          ownerUserId: details.rating?.ownerUserId ?? null,
        }),
        canComment: COMMENTERS.includes(role(request)),
        canManage: LEADS.includes(role(request)),
        canLinkEvidence: EDITORS.includes(role(request)),
        people: isStaff ? await staffChoices(organisationId) : [],
        // The golden thread: evidence for this criterion (in any assessment against its
        // framework), and the actions raised for it in this assessment.
        panel: await linkedRecords.panel(organisationId, viewerOf(request), [
          criterionRecord(details.definition.id, details.criterion.ref),
          assessmentCriterionRecord(details.assessment.id, details.criterion.ref),
        ]),
        levelName:
          details.definition.levels.find((level) => level.id === details.criterion.level)?.name ?? null,
        values: context.values ?? ratingValues(details.rating),
        backLink: `/assessments/${details.assessment.id}#area-${details.topArea.id}`,
        ...context,
      },
      status,
    );
  };

  const criterionRoute = { access: membersWithRole(EVERY_ROLE), resource: 'assessment' } as const;
  app.get('/assessments/:assessmentId/criteria/:criterionRef', { config: criterionRoute }, (request, reply) =>
    renderCriterion(request, reply),
  );

  app.post(
    '/assessments/:assessmentId/criteria/:criterionRef/rating',
    { config: { access: membersWithRole(EDITORS), resource: 'assessment' } },
    async (request, reply) => {
      const organisationId = organisationIdOf(request);
      const { assessment } = await assessments.locate(
        organisationId,
        idParam(request, 'assessmentId'),
        refParam(request),
        viewerOf(request),
      );
      const version = submittedVersion(request.body);
      const body = (request.body ?? {}) as Record<string, string>;
      const form = parseForm(ratingForm, body, request.t);
      const ref = refParam(request);
      if (!form.ok)
        return renderCriterion(request, reply, { values: body, ratingVersion: version, ...form }, 400);
      try {
        await assessments.rate(
          actorOf(request),
          viewerOf(request),
          organisationId,
          assessment.id,
          ref,
          version,
          form.data,
        );
      } catch (error) {
        if (error instanceof RuleError) {
          return renderCriterion(request, reply, { values: body, ...ruleProblem(error, request.t) }, 400);
        }
        if (!(error instanceof EditConflictError)) throw error;
        const current = error.current as unknown as Partial<RatingRow>;
        return reply.render(
          'platform/views/conflict.njk',
          {
            title: request.t('assessments.page.someoneElseRatedThisCriterion'),
            rows: [
              {
                label: request.t('assessments.page.rating'),
                yours: request.t(`ratings.${form.data.rating}`),
                theirs: current.rating ? request.t(`ratings.${current.rating}`) : '',
              },
              {
                label: request.t('assessments.page.score'),
                yours: String(form.data.score ?? ''),
                theirs: String(current.score ?? ''),
              },
              {
                label: request.t('assessments.page.narrative'),
                yours: form.data.narrative ?? '',
                theirs: current.narrative ?? '',
              },
            ],
            editHref: `/assessments/${assessment.id}/criteria/${encodeURIComponent(ref)}`,
          },
          409,
        );
      }
      return reply.redirect(`/assessments/${assessment.id}/criteria/${encodeURIComponent(ref)}`, 303);
    },
  );

  app.post(
    '/assessments/:assessmentId/criteria/:criterionRef/comments',
    { config: { access: membersWithRole(COMMENTERS), resource: 'assessment' } },
    async (request, reply) => {
      const organisationId = organisationIdOf(request);
      const { assessment } = await assessments.locate(
        organisationId,
        idParam(request, 'assessmentId'),
        refParam(request),
        viewerOf(request),
      );
      const form = parseForm(commentForm, request.body, request.t);
      if (!form.ok) return renderCriterion(request, reply, { commentValues: request.body, ...form }, 400);
      await assessments.comment(
        actorOf(request),
        viewerOf(request),
        organisationId,
        assessment.id,
        refParam(request),
        form.data.body,
      );
      return reply.redirect(
        `/assessments/${assessment.id}/criteria/${encodeURIComponent(refParam(request))}#comments`,
        303,
      );
    },
  );

  app.post(
    '/assessments/:assessmentId/criteria/:criterionRef/action',
    { config: { access: membersWithRole(LEADS), resource: 'assessment' } },
    async (request, reply) => {
      const organisationId = organisationIdOf(request);
      const { assessment, criterion } = await assessments.locate(
        organisationId,
        idParam(request, 'assessmentId'),
        refParam(request),
        viewerOf(request),
      );
      const form = parseForm(gapActionForm, request.body, request.t);
      if (!form.ok) return renderCriterion(request, reply, { actionValues: request.body, ...form }, 400);
      try {
        const action = await assessments.createAction(
          actorOf(request),
          organisationId,
          assessment.id,
          criterion.ref,
          form.data,
        );
        return reply.redirect(`/plan/actions/${action.id}`, 303);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        return renderCriterion(
          request,
          reply,
          { actionValues: request.body, ...ruleProblem(error, request.t) },
          400,
        );
      }
    },
  );

  const renderSettings = async (
    request: FastifyRequest,
    reply: FastifyReply,
    context: Record<string, unknown> = {},
    status?: number,
  ) => {
    const organisationId = organisationIdOf(request);
    const { assessment, definition } = await assessments.load(
      organisationId,
      idParam(request, 'assessmentId'),
      viewerOf(request),
    );
    const contributors = await assessments.contributors(organisationId, assessment.id);
    return reply.render(
      `${VIEWS}/settings.njk`,
      {
        title: request.t('assessments.page.settings', { title: assessment.title }),
        assessment,
        definition,
        people: await staffChoices(organisationId),
        contributorsByArea: Object.fromEntries(
          definition.areas.map((area) => [
            area.id,
            contributors.filter((c) => c.areaId === area.id).map((c) => c.userId),
          ]),
        ),
        values: { ...assessment, sharedWithAssessors: assessment.sharedWithAssessors ? 'yes' : 'no' },
        version: assessment.version,
        backLink: `/assessments/${assessment.id}`,
        ...context,
      },
      status,
    );
  };

  app.get(
    '/assessments/:assessmentId/settings',
    { config: { access: membersWithRole(LEADS), resource: 'assessment' } },
    (request, reply) => renderSettings(request, reply),
  );

  app.post(
    '/assessments/:assessmentId/settings',
    { config: { access: membersWithRole(LEADS), resource: 'assessment' } },
    async (request, reply) => {
      const organisationId = organisationIdOf(request);
      const { assessment } = await assessments.load(
        organisationId,
        idParam(request, 'assessmentId'),
        viewerOf(request),
      );
      const version = submittedVersion(request.body);
      const form = parseForm(settingsForm, request.body, request.t);
      if (!form.ok) return renderSettings(request, reply, { values: request.body, version, ...form }, 400);
      try {
        await assessments.changeSettings(actorOf(request), organisationId, assessment.id, version, form.data);
      } catch (error) {
        if (error instanceof RuleError) {
          return renderSettings(
            request,
            reply,
            { values: request.body, version, ...ruleProblem(error, request.t) },
            400,
          );
        }
        if (!(error instanceof EditConflictError)) throw error;
        const current = error.current as { title?: string; status?: string; sharedWithAssessors?: boolean };
        return reply.render(
          'platform/views/conflict.njk',
          {
            title: request.t('assessments.page.someoneElseChangedTheseSettings'),
            rows: [
              {
                label: request.t('assessments.page.title'),
                yours: form.data.title,
                theirs: current.title ?? '',
              },
              {
                label: request.t('assessments.page.status'),
                yours: form.data.status,
                theirs: current.status ?? '',
              },
              {
                label: request.t('assessments.page.sharedWithAssessors'),
                yours: form.data.sharedWithAssessors ? 'Yes' : 'No',
                theirs: current.sharedWithAssessors ? 'Yes' : 'No',
              },
            ],
            editHref: `/assessments/${assessment.id}/settings`,
          },
          409,
        );
      }
      return reply.redirect(`/assessments/${assessment.id}`, 303);
    },
  );

  app.post(
    '/assessments/:assessmentId/contributors',
    { config: { access: membersWithRole(LEADS), resource: 'assessment' } },
    async (request, reply) => {
      const organisationId = organisationIdOf(request);
      const { assessment } = await assessments.load(
        organisationId,
        idParam(request, 'assessmentId'),
        viewerOf(request),
      );
      const form = parseForm(contributorsForm, request.body, request.t);
      if (!form.ok) return renderSettings(request, reply, form, 400);
      try {
        await assessments.setContributors(
          actorOf(request),
          organisationId,
          assessment.id,
          form.data.areaId,
          form.data.userIds,
        );
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        return renderSettings(request, reply, { ...ruleProblem(error, request.t) }, 400);
      }
      return reply.redirect(`/assessments/${assessment.id}/settings#contributors`, 303);
    },
  );

  const packOf = async (request: FastifyRequest) => {
    const workspace = await assessments.packContents(
      organisationIdOf(request),
      idParam(request, 'assessmentId'),
      viewerOf(request),
    );
    return { workspace, pack: buildPack(workspace, config.publicUrl, request.t) };
  };

  app.get(
    '/assessments/:assessmentId/pack',
    { config: { access: membersWithRole(EVERY_ROLE), resource: 'assessment' } },
    async (request, reply) => {
      const { workspace, pack } = await packOf(request);
      return reply.render(`${VIEWS}/pack.njk`, {
        title: request.t('assessments.page.pack', { title: pack.title }),
        pack,
        assessment: workspace.assessment,
        generatedOn: ukToday(now()),
        backLink: `/assessments/${workspace.assessment.id}`,
      });
    },
  );

  app.get(
    '/assessments/:assessmentId/pack.docx',
    { config: { access: membersWithRole(EVERY_ROLE), resource: 'assessment' } },
    async (request, reply) => {
      const { pack } = await packOf(request);
      const document = await packDocx(
        request.organisation!.name,
        pack,
        ukToday(now()),
        request.t,
        request.locale,
      );
      return reply
        .header(
          'content-disposition',
          `attachment; filename="${request.organisation!.slug}-self-assessment.docx"`,
        )
        .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .send(document);
    },
  );

  app.get(
    '/assessments/:assessmentId/ratings.csv',
    { config: { access: membersWithRole(EVERY_ROLE), resource: 'assessment' } },
    async (request, reply) => {
      const { pack } = await packOf(request);
      return reply
        .header('content-disposition', `attachment; filename="${request.organisation!.slug}-ratings.csv"`)
        .type('text/csv; charset=utf-8')
        .send(ratingsCsv(pack));
    },
  );

  app.get(
    '/assessments/:assessmentId/history',
    { config: { access: membersWithRole(EVERY_ROLE), resource: 'assessment' } },
    async (request, reply) => {
      const { assessment, definition, history } = await assessments.history(
        organisationIdOf(request),
        idParam(request, 'assessmentId'),
        viewerOf(request),
      );
      return reply.render(`${VIEWS}/history.njk`, {
        title: request.t('assessments.page.history', { title: assessment.title }),
        assessment,
        scored: definition.rating.kind === 'score',
        history: [...history].reverse(),
        ...labelsFor(request.t),
        backLink: `/assessments/${assessment.id}`,
      });
    },
  );
}

function ratingValues(rating: RatingRow | null) {
  return rating
    ? {
        rating: rating.rating,
        score: rating.score === null ? '' : String(rating.score),
        narrative: rating.narrative,
        ownerUserId: rating.ownerUserId,
        reviewDate: rating.reviewDate,
      }
    : { rating: 'not_started' };
}
