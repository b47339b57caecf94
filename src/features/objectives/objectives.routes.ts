import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { membersWithRole } from '../../platform/access.ts';
import { actorOf, organisationIdOf, viewerOf } from '../../platform/actor.ts';
import type { LinkedRecordsPanels } from '../../thread/thread.service.ts';
import { parseForm, ruleProblem, submittedVersion } from '../../platform/forms.ts';
import { EditConflictError, RuleError } from '../../platform/http-errors.ts';
import { LEADS, STAFF } from '../../platform/roles.ts';
import type { ObjectiveIndicatorsService } from './objective-indicators.service.ts';
import type { ObjectivesService } from './objectives.service.ts';
import { STATUS_RAG, STATUSES } from '../action-plan/action-status.ts';
import { labelsIn } from '../../platform/i18n/i18n.ts';
import type { ObjectiveRow } from './objectives.repo.ts';
import { objectiveForm } from './objectives.schema.ts';
import { idParam } from '../../platform/ids.ts';

export const objectivesNavigation = [{ href: '/objectives', textKey: 'nav.objectives', roles: STAFF }];

const FORM_VIEW = 'features/objectives/views/form.njk';
const OBJECTIVE_VIEW = 'features/objectives/views/objective.njk';
/** Form values as the form shows them (ways one per line, references space-separated). */
function formValues(objective: ObjectiveRow) {
  return { ...objective, ways: objective.ways.join('\n'), criteriaRefs: objective.criteriaRefs.join(' ') };
}

export function objectivesRoutes(
  app: FastifyInstance,
  {
    objectives,
    objectiveIndicators,
    linkedRecords,
  }: {
    objectives: ObjectivesService;
    objectiveIndicators: ObjectiveIndicatorsService;
    linkedRecords: LinkedRecordsPanels;
  },
): void {
  /** The objective's page: its details, measured indicators and the actions that deliver it. */
  const objectivePage = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => {
    const organisationId = organisationIdOf(request);
    const found = await objectives.withActions(organisationId, idParam(request, 'objectiveId'));
    const canEdit = LEADS.includes(request.organisation!.role);
    return {
      title: found.objective.title,
      ...found,
      indicators: await objectiveIndicators.measured(organisationId, found.objective.id),
      indicatorChoices: canEdit ? await objectiveIndicators.choices(organisationId) : null,
      indicatorValues: {},
      notice: (request.query as Record<string, unknown>).indicator ?? null,
      panel: await linkedRecords.panel(organisationId, viewerOf(request), [
        { type: 'objective', id: found.objective.id },
      ]),
      canEdit,
      statusLabels: labelsIn(request.t, 'status', STATUSES),
      statusRag: STATUS_RAG,
      backLink: '/objectives',
      ...extra,
    };
  };

  app.get('/objectives', { config: { access: membersWithRole(STAFF) } }, async (request, reply) => {
    const list = await objectives.list(organisationIdOf(request));
    return reply.render('features/objectives/views/list.njk', {
      title: request.t('nav.objectives'),
      organisational: list.filter((objective) => objective.kind === 'organisational'),
      service: list.filter((objective) => objective.kind === 'service'),
      canEdit: LEADS.includes(request.organisation!.role),
    });
  });

  const renderForm = (reply: FastifyReply, context: Record<string, unknown>, status?: number) =>
    reply.render(FORM_VIEW, { backLink: '/objectives', ...context, title: String(context.title) }, status);

  app.get('/objectives/new', { config: { access: membersWithRole(LEADS) } }, async (request, reply) =>
    renderForm(reply, {
      title: request.t('objectives.page.addAnEqualityObjective'),
      action: '/objectives/new',
      values: { kind: 'organisational', status: 'active' },
    }),
  );

  app.post('/objectives/new', { config: { access: membersWithRole(LEADS) } }, async (request, reply) => {
    const form = parseForm(objectiveForm, request.body, request.t);
    if (!form.ok)
      return renderForm(
        reply,
        {
          title: request.t('objectives.page.addAnEqualityObjective'),
          action: '/objectives/new',
          values: request.body,
          ...form,
        },
        400,
      );
    const id = await objectives.create(actorOf(request), organisationIdOf(request), form.data);
    return reply.redirect(`/objectives/${id}`, 303);
  });

  app.get(
    '/objectives/:objectiveId',
    { config: { access: membersWithRole(STAFF), resource: 'objective' } },
    async (request, reply) => reply.render(OBJECTIVE_VIEW, await objectivePage(request)),
  );

  app.post(
    '/objectives/:objectiveId/indicators',
    { config: { access: membersWithRole(LEADS), resource: 'objective' } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const field = (name: string) => String(body[name] ?? '');
      const values = {
        label: field('label'),
        area: field('area'),
        measure: field('measure'),
        baseline: field('baseline'),
        baselineLabel: field('baselineLabel'),
        target: field('target'),
        targetDate: field('targetDate'),
      };
      const objectiveId = idParam(request, 'objectiveId');
      try {
        await objectiveIndicators.add(actorOf(request), organisationIdOf(request), objectiveId, values);
        return reply.redirect(`/objectives/${objectiveId}?indicator=added#indicators`, 303);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        return reply.render(
          OBJECTIVE_VIEW,
          await objectivePage(request, { indicatorValues: values, ...ruleProblem(error, request.t) }),
          400,
        );
      }
    },
  );

  app.post(
    '/objectives/:objectiveId/indicators/:indicatorId/remove',
    { config: { access: membersWithRole(LEADS), resource: 'objective' } },
    async (request, reply) => {
      const objectiveId = idParam(request, 'objectiveId');
      await objectiveIndicators.remove(
        actorOf(request),
        organisationIdOf(request),
        objectiveId,
        idParam(request, 'indicatorId'),
      );
      return reply.redirect(`/objectives/${objectiveId}?indicator=removed#indicators`, 303);
    },
  );

  app.get(
    '/objectives/:objectiveId/edit',
    { config: { access: membersWithRole(LEADS), resource: 'objective' } },
    async (request, reply) => {
      const objective = await objectives.get(organisationIdOf(request), idParam(request, 'objectiveId'));
      return renderForm(reply, {
        title: request.t('objectives.page.changeTheEqualityObjective'),
        action: `/objectives/${objective.id}/edit`,
        values: formValues(objective),
        version: objective.version,
        backLink: `/objectives/${objective.id}`,
      });
    },
  );

  app.post(
    '/objectives/:objectiveId/edit',
    { config: { access: membersWithRole(LEADS), resource: 'objective' } },
    async (request, reply) => {
      // Resolve the objective first: another organisation's id is a 404 before anything else.
      const { id } = await objectives.get(organisationIdOf(request), idParam(request, 'objectiveId'));
      const version = submittedVersion(request.body);
      const page = {
        title: request.t('objectives.page.changeTheEqualityObjective'),
        action: `/objectives/${id}/edit`,
        version,
        values: request.body,
      };
      const form = parseForm(objectiveForm, request.body, request.t);
      if (!form.ok) return renderForm(reply, { ...page, ...form }, 400);
      try {
        await objectives.update(actorOf(request), organisationIdOf(request), id, version, form.data);
      } catch (error) {
        if (!(error instanceof EditConflictError)) throw error;
        const current = error.current as unknown as ObjectiveRow;
        return reply.render(
          'platform/views/conflict.njk',
          {
            title: request.t('errors.conflict.title'),
            rows: [
              {
                label: request.t('objectives.page.objective'),
                yours: form.data.title,
                theirs: current.title,
              },
              {
                label: request.t('objectives.page.description'),
                yours: form.data.description ?? '',
                theirs: current.description ?? '',
              },
              {
                label: request.t('objectives.page.waysWeWillDoThis'),
                yours: form.data.ways.join('\n'),
                theirs: current.ways.join('\n'),
              },
              {
                label: request.t('objectives.page.reviewDue'),
                yours: form.data.reviewDue ?? '',
                theirs: current.reviewDue ?? '',
              },
              { label: request.t('objectives.page.status'), yours: form.data.status, theirs: current.status },
            ],
            editHref: `/objectives/${id}/edit`,
          },
          409,
        );
      }
      return reply.redirect(`/objectives/${id}`, 303);
    },
  );
}
