import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { LinkedRecordsPanels } from '../../thread/thread.service.ts';
import { membersWithRole } from '../../platform/access.ts';
import { actorOf, organisationIdOf, viewerOf } from '../../platform/actor.ts';
import { STRAND_LABELS } from '../../platform/characteristics.ts';
import { formErrors, parseForm, ruleMessage, ruleProblem, submittedVersion } from '../../platform/forms.ts';
import { labelsIn, type Translate } from '../../platform/i18n/i18n.ts';
import { EditConflictError, NotFoundError, RuleError } from '../../platform/http-errors.ts';
import { createFragmentStore } from '../../platform/rendered-fragments.ts';
import { EDITORS, LEADS, STAFF } from '../../platform/roles.ts';
import type { Actor } from '../../platform/audit/audit.ts';
import type { TeamService } from '../team/team.service.ts';
import { planPolicy } from './action-plan.policy.ts';
import type { ActionPlanService } from './action-plan.service.ts';
import { STATUS_RAG, STATUSES } from './action-status.ts';
import { committeeReportDocx } from './plan-report-docx.ts';
import {
  actionEditForm,
  progressForm,
  pasteImportForm,
  publishForm,
  withdrawActionForm,
} from './action-plan.schema.ts';
import { formatLeads } from './plan-fields.ts';
import { PlanFileError, readPastedPlan, readPlanBuffer, rereadPlan } from './plan-files.ts';
import { isImportMode } from './plan-import-changes.ts';
import { isTextEncoding, TEXT_ENCODINGS, type Delimiter } from './plan-text-decoding.ts';
import { isColumnChoice, normaliseHeading, PLAN_FIELDS, type ColumnChoice } from './plan-columns.ts';
import { planCsv, planDocx, planXlsx } from './plan-export.ts';
import { isFiltered, readFilters } from './plan-filters.ts';
import { idParam, isId } from '../../platform/ids.ts';

export const actionPlanNavigation = [{ href: '/plan', textKey: 'nav.actionPlan', roles: STAFF }];

/** Text files can be read again another way; these are how a separator is named in the form. */
const TEXT_EXTENSIONS = /\.(csv|txt|tsv)$/i;
const SEPARATORS: Record<string, Delimiter | undefined> = { comma: ',', semicolon: ';', tab: '\t' };

/** The words templates show for statuses and strands, in the reader's language. */
const labelsFor = (t: Translate) => ({
  statusLabels: labelsIn(t, 'status', STATUSES),
  statusRag: STATUS_RAG,
  strandLabels: labelsIn(t, 'strands', Object.keys(STRAND_LABELS)),
  countingRule: t('public.countingRule'),
});

/** The choices the mapping step offers for each column, in the order people think of them. */
const fieldChoices = (t: Translate) => [
  ...PLAN_FIELDS.map((field) => ({ value: field, text: t(`actionPlan.fields.${field}`) })),
  { value: 'ignore', text: t('actionPlan.page.doNotUseThisColumn') },
];

/**
 * The equality objectives an action can deliver, and linking them (the objectives feature owns
 * the links, checks the tenant and audits each one).
 */
export interface ObjectiveLinks {
  list(organisationId: string): Promise<{ id: string; title: string; reference: string | null }[]>;
  link(actor: Actor, organisationId: string, objectiveId: string, actionId: string): Promise<void>;
  unlink(actor: Actor, organisationId: string, objectiveId: string, actionId: string): Promise<void>;
}

/** The golden thread back to self-assessment (the assessments feature answers). */
export interface CriteriaForActions {
  /** For each framework reference, the criterion page that explains it, where there is one. */
  criterionPages(
    organisationId: string,
    refs: readonly string[],
  ): Promise<Map<string, { href: string; title: string }>>;
}

export function actionPlanRoutes(
  app: FastifyInstance,
  {
    actionPlan,
    objectives: objectiveLinks,
    assessments,
    team,
    linkedRecords,
  }: {
    actionPlan: ActionPlanService;
    objectives: ObjectiveLinks;
    assessments: CriteriaForActions;
    linkedRecords: LinkedRecordsPanels;
    team: Pick<TeamService, 'listStaff'>;
  },
): void {
  const renderedPlans = createFragmentStore({ maxEntries: 200, maxBytes: 32 * 1024 * 1024 });
  /** The query parameters the plan's body shows (selected filters, download links). */
  const BODY_QUERY = ['status', 'strand', 'lead', 'area', 'objective', 'due'] as const;

  app.get('/plan', { config: { access: membersWithRole(STAFF) } }, async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const organisationId = organisationIdOf(request);
    const filters = readFilters(query, request.user!.id);
    const canImport = planPolicy.mayChangePlan(viewerOf(request));
    // The body (counts, filters, every area's table) is the page's cost, and is the same for the
    // same plan revision, day, filters, permissions and language: reuse it, checking freshness in one query.
    const shownQuery = Object.fromEntries(BODY_QUERY.map((key) => [key, query[key] ?? '']));
    const keyOf = (freshness: string) =>
      `${freshness}|${canImport}|${request.locale}|${JSON.stringify(shownQuery)}`;
    let bodyHtml = renderedPlans.find(keyOf(await actionPlan.freshness(organisationId, filters)));
    if (bodyHtml === undefined) {
      const [plan, objectives] = await Promise.all([
        actionPlan.grouped(organisationId, filters),
        objectiveLinks.list(organisationId),
      ]);
      const filtered = isFiltered(filters);
      bodyHtml = renderedPlans.keep(
        keyOf(plan.freshness),
        reply.renderFragment('features/action-plan/views/_plan-body.njk', {
          ...plan,
          filters,
          query: shownQuery,
          objectives,
          filtered,
          shown: plan.areas.reduce((total, area) => total + area.actions.length, 0),
          canImport,
          ...labelsFor(request.t),
        }),
      );
    }
    return reply.render('features/action-plan/views/plan.njk', {
      title: request.t('actionPlan.page.actionPlan'),
      bodyHtml,
      imported: query.imported,
      withdrawn: query.withdrawn,
      updated:
        query.changed !== undefined
          ? { changed: query.changed, withdrawn: query.withdrawnCount ?? '0' }
          : undefined,
    });
  });

  async function actionPage(request: FastifyRequest, extra: Record<string, unknown> = {}) {
    const found = await actionPlan.action(organisationIdOf(request), idParam(request, 'actionId'));
    return {
      title: request.t('actionPlan.action.parent', { reference: found.action.reference }),
      ...found,
      // The golden thread: why the action exists (objectives, criteria) and what shows it worked.
      panel: await linkedRecords.panel(organisationIdOf(request), viewerOf(request), [
        { type: 'action', id: found.action.id },
      ]),
      // And its framework references, as links to the criteria where the organisation runs that framework.
      criterionPages: Object.fromEntries(
        await assessments.criterionPages(organisationIdOf(request), found.action.criteriaRefs),
      ),
      // Only the controls this person can use (the service asks the same policy).
      canPost: planPolicy.mayPostProgress(viewerOf(request), found.action),
      canEdit: planPolicy.mayChangePlan(viewerOf(request)),
      backLink: '/plan',
      values: {},
      ...labelsFor(request.t),
      ...extra,
    };
  }

  app.get(
    '/plan/actions/:actionId',
    { config: { access: membersWithRole(STAFF), resource: 'action' } },
    async (request, reply) => {
      const query = request.query as Record<string, string>;
      return reply.render(
        'features/action-plan/views/action.njk',
        await actionPage(request, {
          posted: query.posted === '1',
          changed: query.changed === '1',
          added: query.added === '1',
        }),
      );
    },
  );

  async function peoplePage(request: FastifyRequest, extra: Record<string, unknown> = {}) {
    const organisationId = organisationIdOf(request);
    const [names, staff] = await Promise.all([
      actionPlan.unlinkedLeadNames(organisationId),
      team.listStaff(organisationId),
    ]);
    return {
      title: request.t('actionPlan.page.connectLeadOfficersToTheir'),
      names,
      people: staff.map((member) => ({
        value: member.userId,
        text: `${member.displayName} (${member.email})`,
      })),
      backLink: '/plan',
      ...extra,
    };
  }

  /** Imported lead names, and the accounts they can be connected to. */
  app.get('/plan/people', { config: { access: membersWithRole(LEADS) } }, async (request, reply) =>
    reply.render(
      'features/action-plan/views/people.njk',
      await peoplePage(request, {
        connected: (request.query as Record<string, string | undefined>).connected,
      }),
    ),
  );

  app.post('/plan/people', { config: { access: membersWithRole(LEADS) } }, async (request, reply) => {
    const organisationId = organisationIdOf(request);
    const body = (request.body ?? {}) as Record<string, string | string[] | undefined>;
    const list = (value: string | string[] | undefined) => ([] as string[]).concat(value ?? []);
    const names = list(body.name);
    const userIds = list(body.userId);
    const links = names
      .map((name, index) => ({ name, userId: userIds[index] ?? '' }))
      .filter((link) => link.userId !== '');
    if (links.length === 0)
      return reply.render(
        'features/action-plan/views/people.njk',
        await peoplePage(request, {
          errors: [{ text: request.t('actionPlan.page.chooseAnAccountForAt'), href: '#people' }],
        }),
        400,
      );
    try {
      const staff = await team.listStaff(organisationId);
      const connected = await actionPlan.connectLeadNames(actorOf(request), organisationId, links, staff);
      return reply.redirect(`/plan/people?connected=${connected}`, 303);
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      return reply.render(
        'features/action-plan/views/people.njk',
        await peoplePage(request, { errors: [{ text: ruleMessage(error, request.t), href: '#people' }] }),
        400,
      );
    }
  });

  /** The edit form's choices and the action's fields, written as the plan writes them. */
  async function editPage(request: FastifyRequest, extra: Record<string, unknown> = {}) {
    const organisationId = organisationIdOf(request);
    const found = await actionPlan.action(organisationId, idParam(request, 'actionId'));
    const { action } = found;
    const [areas, all] = await Promise.all([
      actionPlan.areas(organisationId),
      actionPlan.list(organisationId),
    ]);
    return {
      title: request.t('actionPlan.page.changeTheAction'),
      action,
      version: action.version,
      values: {
        text: action.text,
        target: action.targetText,
        leads: formatLeads(action.leads),
        partners: action.partners.join('; '),
        criteria: action.criteriaRefs.join(' '),
        strands: action.strands,
        areaId: action.areaId,
        parentId: action.parentId,
        objectiveIds: action.objectiveIds,
      },
      strandChoices: Object.entries(STRAND_LABELS).map(([value, text]) => ({ value, text })),
      areaChoices: areas,
      parentChoices: all.filter((candidate) => !candidate.parentId && candidate.id !== action.id),
      objectiveChoices: (await objectiveLinks.list(organisationId)).map((objective) => ({
        value: objective.id,
        text: objective.title,
      })),
      backLink: `/plan/actions/${action.id}`,
      ...extra,
    };
  }

  /** The add form: empty fields, in an area or under a chosen action (?area=, ?parent=). */
  async function newPage(request: FastifyRequest, extra: Record<string, unknown> = {}) {
    const organisationId = organisationIdOf(request);
    const query = request.query as Record<string, string | undefined>;
    const [areas, all] = await Promise.all([
      actionPlan.areas(organisationId),
      actionPlan.list(organisationId),
    ]);
    const parent = all.find((candidate) => candidate.id === query.parent && !candidate.parentId);
    return {
      title: parent
        ? request.t('actionPlan.page.addSubAction', { reference: parent.reference })
        : request.t('actionPlan.planBody.addAnAction'),
      creating: true,
      values: {
        strands: [],
        areaId: parent?.areaId ?? query.area ?? areas[0]?.id ?? null,
        parentId: parent?.id ?? null,
      },
      strandChoices: Object.entries(STRAND_LABELS).map(([value, text]) => ({ value, text })),
      areaChoices: areas,
      parentChoices: all.filter((candidate) => !candidate.parentId),
      backLink: parent ? `/plan/actions/${parent.id}` : '/plan',
      ...extra,
    };
  }

  app.get('/plan/actions/new', { config: { access: membersWithRole(LEADS) } }, async (request, reply) => {
    const page = await newPage(request);
    if (page.areaChoices.length === 0) return reply.redirect('/plan/import', 303);
    return reply.render('features/action-plan/views/action-edit.njk', page);
  });

  app.post('/plan/actions/new', { config: { access: membersWithRole(LEADS) } }, async (request, reply) => {
    const form = parseForm(actionEditForm, request.body, request.t);
    const typed = { ...(request.body as Record<string, unknown>) };
    typed.strands = ([] as unknown[]).concat(typed.strands ?? []);
    const again = async (extra: Record<string, unknown>) =>
      reply.render(
        'features/action-plan/views/action-edit.njk',
        { ...(await newPage(request)), values: typed, ...extra },
        400,
      );
    if (!form.ok) return again(form);
    try {
      const added = await actionPlan.newAction(actorOf(request), organisationIdOf(request), form.data);
      return reply.redirect(`/plan/actions/${added.id}?added=1`, 303);
    } catch (error) {
      if (error instanceof RuleError) return again(ruleProblem(error, request.t));
      throw error;
    }
  });

  app.get(
    '/plan/actions/:actionId/edit',
    { config: { access: membersWithRole(LEADS), resource: 'action' } },
    async (request, reply) =>
      reply.render('features/action-plan/views/action-edit.njk', await editPage(request)),
  );

  app.post(
    '/plan/actions/:actionId/edit',
    { config: { access: membersWithRole(LEADS), resource: 'action' } },
    async (request, reply) => {
      const actionId = idParam(request, 'actionId');
      const version = submittedVersion(request.body);
      const form = parseForm(actionEditForm, request.body, request.t);
      const typed = { ...(request.body as Record<string, unknown>) };
      typed.strands = ([] as unknown[]).concat(typed.strands ?? []);
      typed.objectiveIds = ([] as unknown[]).concat(typed.objectiveIds ?? []);
      const again = async (extra: Record<string, unknown>) =>
        reply.render(
          'features/action-plan/views/action-edit.njk',
          { ...(await editPage(request)), values: typed, version, ...extra },
          400,
        );
      if (!form.ok) return again(form);
      try {
        const before = await actionPlan.action(organisationIdOf(request), actionId);
        await actionPlan.editAction(
          actorOf(request),
          organisationIdOf(request),
          actionId,
          version,
          form.data,
        );
        // Linked objectives belong to the objectives feature, which checks and audits each change.
        const wanted = new Set(typed.objectiveIds as string[]);
        const had = new Set(before.action.objectiveIds);
        for (const objectiveId of wanted)
          if (!had.has(objectiveId))
            await objectiveLinks.link(actorOf(request), organisationIdOf(request), objectiveId, actionId);
        for (const objectiveId of had)
          if (!wanted.has(objectiveId))
            await objectiveLinks.unlink(actorOf(request), organisationIdOf(request), objectiveId, actionId);
      } catch (error) {
        if (error instanceof RuleError) return again(ruleProblem(error, request.t));
        if (!(error instanceof EditConflictError)) throw error;
        const current = error.current as Record<string, unknown>;
        const shown = (value: unknown) => (Array.isArray(value) ? value.join(' ') : String(value ?? ''));
        return reply.render(
          'platform/views/conflict.njk',
          {
            title: request.t('errors.conflict.title'),
            rows: [
              {
                label: request.t('actionPlan.page.action'),
                yours: form.data.text,
                theirs: shown(current.text),
              },
              {
                label: request.t('actionPlan.page.completionTarget'),
                yours: form.data.target,
                theirs: shown(current.target),
              },
              {
                label: request.t('actionPlan.page.leadOfficers'),
                yours: form.data.leads,
                theirs: shown(current.leads),
              },
              {
                label: request.t('actionPlan.page.frameworkReferences'),
                yours: form.data.criteria,
                theirs: shown(current.criteria),
              },
            ],
            editHref: `/plan/actions/${actionId}/edit`,
          },
          409,
        );
      }
      return reply.redirect(`/plan/actions/${actionId}?changed=1`, 303);
    },
  );

  app.post(
    '/plan/actions/:actionId/withdraw',
    { config: { access: membersWithRole(LEADS), resource: 'action' } },
    async (request, reply) => {
      const actionId = idParam(request, 'actionId');
      const form = parseForm(withdrawActionForm, request.body, request.t);
      if (!form.ok)
        return reply.render(
          'features/action-plan/views/action.njk',
          await actionPage(request, { withdrawErrors: form.fieldErrors, errors: form.errors }),
          400,
        );
      try {
        const withdrawn = await actionPlan.withdrawAction(
          actorOf(request),
          organisationIdOf(request),
          actionId,
          submittedVersion(request.body),
          form.data.reason,
        );
        return reply.redirect(`/plan?withdrawn=${encodeURIComponent(withdrawn.reference)}`, 303);
      } catch (error) {
        if (!(error instanceof EditConflictError)) throw error;
        return reply.render(
          'features/action-plan/views/action.njk',
          await actionPage(request, {
            errors: [
              {
                text: request.t('actionPlan.page.someoneChangedThisActionSince'),
                href: '#reason',
              },
            ],
          }),
          409,
        );
      }
    },
  );

  app.post(
    '/plan/actions/:actionId/progress',
    { config: { access: membersWithRole(EDITORS), resource: 'action' } },
    async (request, reply) => {
      const actionId = idParam(request, 'actionId');
      const form = parseForm(progressForm, request.body, request.t);
      if (!form.ok) {
        return reply.render(
          'features/action-plan/views/action.njk',
          await actionPage(request, { ...form, values: request.body }),
          400,
        );
      }
      await actionPlan.postProgress(
        actorOf(request),
        { userId: request.user!.id, role: request.organisation!.role },
        organisationIdOf(request),
        actionId,
        form.data,
      );
      return reply.redirect(`/plan/actions/${actionId}?posted=1`, 303);
    },
  );

  app.get('/plan/import', { config: { access: membersWithRole(LEADS) } }, async (request, reply) =>
    reply.render('features/action-plan/views/import.njk', {
      title: request.t('actionPlan.page.importAnActionPlan'),
      values: {},
      backLink: '/plan',
    }),
  );

  app.post('/plan/import', { config: { access: membersWithRole(LEADS) } }, async (request, reply) => {
    const form = parseForm(pasteImportForm, request.body, request.t);
    if (!form.ok) {
      return reply.render(
        'features/action-plan/views/import.njk',
        {
          title: request.t('actionPlan.page.importAnActionPlan'),
          values: request.body,
          backLink: '/plan',
          ...form,
        },
        400,
      );
    }
    let read: Awaited<ReturnType<typeof readPastedPlan>>;
    try {
      read = await readPastedPlan(form.data.text, await actionPlan.columnChoices(organisationIdOf(request)));
    } catch (error) {
      if (!(error instanceof PlanFileError)) throw error;
      const fieldErrors = { text: error.message };
      return reply.render(
        'features/action-plan/views/import.njk',
        {
          title: request.t('actionPlan.page.importAnActionPlan'),
          values: request.body,
          backLink: '/plan',
          fieldErrors,
          errors: formErrors(fieldErrors),
        },
        400,
      );
    }
    const importId = await actionPlan.preview(
      actorOf(request),
      organisationIdOf(request),
      form.data.fileName,
      read.format,
      read.parsed,
      read.blocks,
    );
    return reply.redirect(`/plan/import/${importId}`, 303);
  });

  async function versionsPage(request: FastifyRequest, extra: Record<string, unknown> = {}) {
    return {
      title: request.t('actionPlan.page.publishedVersionsOfThePlan'),
      versions: await actionPlan.versions(organisationIdOf(request)),
      canPublish: LEADS.includes(request.organisation!.role),
      backLink: '/plan',
      values: {},
      ...extra,
    };
  }

  app.get('/plan/versions', { config: { access: membersWithRole(STAFF) } }, async (request, reply) =>
    reply.render('features/action-plan/views/versions.njk', await versionsPage(request)),
  );

  app.post('/plan/versions', { config: { access: membersWithRole(LEADS) } }, async (request, reply) => {
    const form = parseForm(publishForm, request.body, request.t);
    if (!form.ok)
      return reply.render(
        'features/action-plan/views/versions.njk',
        await versionsPage(request, { ...form, values: request.body }),
        400,
      );
    const result = await actionPlan.publish(actorOf(request), organisationIdOf(request), form.data.label);
    if ('problem' in result) {
      const fieldErrors = { label: result.problem };
      return reply.render(
        'features/action-plan/views/versions.njk',
        await versionsPage(request, {
          fieldErrors,
          errors: [{ text: result.problem, href: '#label' }],
          values: request.body,
        }),
        400,
      );
    }
    return reply.redirect(`/plan/versions/${result.id}`, 303);
  });

  app.get(
    '/plan/versions/compare',
    { config: { access: membersWithRole(STAFF) } },
    async (request, reply) => {
      const { from, to } = request.query as Record<string, string | undefined>;
      if (!from || !isId(from) || !to || !(to === 'current' || isId(to))) {
        const text = request.t('actionPlan.page.chooseTwoVersions');
        return reply.render(
          'features/action-plan/views/versions.njk',
          await versionsPage(request, { errors: [{ text, href: '#from' }] }),
          400,
        );
      }
      const result = await actionPlan.compare(organisationIdOf(request), from, to);
      return reply.render('features/action-plan/views/compare.njk', {
        title: request.t('actionPlan.page.changesFrom', {
          from: result.from.label,
          to: to === 'current' ? request.t('actionPlan.page.theCurrentPlan') : `“${result.to.label}”`,
        }),
        ...result,
        ...labelsFor(request.t),
        backLink: '/plan/versions',
      });
    },
  );

  app.get(
    '/plan/versions/:versionId',
    { config: { access: membersWithRole(STAFF), resource: 'planVersion' } },
    async (request, reply) => {
      const version = await actionPlan.version(organisationIdOf(request), idParam(request, 'versionId'));
      const areas = [...new Set(version.snapshot.map((action) => action.area))];
      return reply.render('features/action-plan/views/version.njk', {
        title: request.t('actionPlan.page.versionTitle', { label: version.label }),
        version,
        areas: areas.map((area) => ({
          title: area,
          actions: version.snapshot.filter((action) => action.area === area),
        })),
        ...labelsFor(request.t),
        backLink: '/plan/versions',
      });
    },
  );

  /** The committee progress report: choose a published version, then read, print or download it. */
  app.get('/plan/report', { config: { access: membersWithRole(STAFF) } }, async (request, reply) => {
    const { version: versionId } = request.query as Record<string, string | undefined>;
    if (!isId(versionId)) {
      return reply.render('features/action-plan/views/report-choose.njk', {
        title: request.t('actionPlan.page.committeeProgressReport'),
        versions: await actionPlan.versions(organisationIdOf(request)),
        backLink: '/plan',
      });
    }
    const found = await actionPlan.committeeReport(organisationIdOf(request), versionId);
    return reply.render('features/action-plan/views/report.njk', {
      title: request.t('actionPlan.page.equalityActionPlanProgressReport'),
      ...found,
      statuses: STATUSES,
      ...labelsFor(request.t),
      backLink: '/plan/report',
    });
  });

  app.get('/plan/report/docx', { config: { access: membersWithRole(STAFF) } }, async (request, reply) => {
    const { version: versionId } = request.query as Record<string, string | undefined>;
    if (!isId(versionId)) throw new NotFoundError();
    const found = await actionPlan.committeeReport(organisationIdOf(request), versionId);
    const document = await committeeReportDocx(
      request.organisation!.name,
      found.version.publishedAt,
      found.report,
      request.t,
      request.locale,
    );
    return reply
      .header(
        'content-disposition',
        `attachment; filename="${request.organisation!.slug}-equality-progress-report.docx"`,
      )
      .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .send(document);
  });

  /** A Word, Excel, CSV or text file, sent as multipart form data with the CSRF token as a field. */
  app.post('/plan/import/upload', { config: { access: membersWithRole(LEADS) } }, async (request, reply) => {
    const page = { title: request.t('actionPlan.page.importAnActionPlan'), values: {}, backLink: '/plan' };
    const file = (request.body as Record<string, unknown> | undefined)?.file as
      { type?: string; filename?: string; toBuffer?: () => Promise<Buffer> } | undefined;
    const fail = (text: string) =>
      reply.render(
        'features/action-plan/views/import.njk',
        { ...page, errors: [{ text, href: '#file' }], fieldErrors: { file: text } },
        400,
      );
    if (!file || file.type !== 'file' || !file.filename || !file.toBuffer)
      return fail(request.t('actionPlan.page.chooseFile'));
    try {
      const content = await file.toBuffer();
      const { parsed, format, blocks } = await readPlanBuffer(
        content,
        file.filename,
        await actionPlan.columnChoices(organisationIdOf(request)),
      );
      const importId = await actionPlan.preview(
        actorOf(request),
        organisationIdOf(request),
        file.filename,
        format,
        parsed,
        blocks,
        // Text files are kept so they can be read again with another encoding or separator.
        TEXT_EXTENSIONS.test(file.filename) ? content : null,
      );
      return reply.redirect(`/plan/import/${importId}`, 303);
    } catch (error) {
      if (error instanceof PlanFileError) return fail(error.message);
      throw error;
    }
  });

  /** The plan, or the filtered view, as Word, Excel or CSV in the grouped layout. */
  app.get('/plan/export', { config: { access: membersWithRole(STAFF) } }, async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const title = `${request.organisation!.name} equality action plan`;
    const plan = await actionPlan.exportable(
      organisationIdOf(request),
      title,
      readFilters(query, request.user!.id),
    );
    const base = `${request.organisation!.slug}-action-plan`;
    const send = (body: string | Buffer, type: string, extension: string) =>
      reply
        .header('content-disposition', `attachment; filename="${base}.${extension}"`)
        .type(type)
        .send(body);
    if (query.format === 'xlsx')
      return send(
        await planXlsx(plan),
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'xlsx',
      );
    if (query.format === 'docx')
      return send(
        await planDocx(plan),
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'docx',
      );
    return send(planCsv(plan), 'text/csv; charset=utf-8', 'csv');
  });

  /** What every rendering of the import preview needs, whatever brought the person there. */
  function previewContext(preview: Awaited<ReturnType<typeof actionPlan.getPreview>>, t: Translate) {
    return {
      title: t('actionPlan.page.checkTheImportedPlan'),
      preview,
      backLink: '/plan/import',
      fieldChoices: fieldChoices(t),
      canReread: TEXT_EXTENSIONS.test(preview.fileName) && !preview.committedAt,
      // A problem about a "TBC" target can be waved through: the action is imported with none.
      hasToBeConfirmed: preview.plan.problems.some((problem) =>
        problem.message.startsWith('the target is "'),
      ),
      encodingChoices: TEXT_ENCODINGS.map((encoding) => ({ value: encoding, text: encoding })),
      ...labelsFor(t),
    };
  }

  app.get(
    '/plan/import/:importId',
    { config: { access: membersWithRole(LEADS), resource: 'planImport' } },
    async (request, reply) => {
      const query = request.query as Record<string, string | undefined>;
      const preview = await actionPlan.getPreview(
        organisationIdOf(request),
        idParam(request, 'importId'),
        isImportMode(query.mode) ? query.mode : undefined,
      );
      return reply.render('features/action-plan/views/import-preview.njk', {
        ...previewContext(preview, request.t),
        notice:
          query.columns === '1'
            ? request.t('actionPlan.page.rereadNotice')
            : query.reread === '1'
              ? `Your file was read again as ${preview.format}.`
              : undefined,
      });
    },
  );

  /** Targets written "TBC": imported with no target when the person says so. */
  app.post(
    '/plan/import/:importId/targets',
    { config: { access: membersWithRole(LEADS), resource: 'planImport' } },
    async (request, reply) => {
      const importId = idParam(request, 'importId');
      const asNone = (request.body as Record<string, unknown> | undefined)?.tbc === 'none';
      try {
        await actionPlan.chooseToBeConfirmed(
          actorOf(request),
          organisationIdOf(request),
          importId,
          asNone,
          rereadPlan,
        );
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        const preview = await actionPlan.getPreview(organisationIdOf(request), importId);
        return reply.render(
          'features/action-plan/views/import-preview.njk',
          {
            ...previewContext(preview, request.t),
            errors: [{ text: ruleMessage(error, request.t), href: '#problems' }],
          },
          400,
        );
      }
      return reply.redirect(`/plan/import/${importId}`, 303);
    },
  );

  /** A text file read again with the encoding and separator the person chose. */
  app.post(
    '/plan/import/:importId/reading',
    { config: { access: membersWithRole(LEADS), resource: 'planImport' } },
    async (request, reply) => {
      const importId = idParam(request, 'importId');
      const organisationId = organisationIdOf(request);
      const body = (request.body ?? {}) as Record<string, string | undefined>;
      const encoding = isTextEncoding(body.encoding) ? body.encoding : undefined;
      const delimiter = SEPARATORS[body.separator ?? ''];
      try {
        await actionPlan.rereadFile(
          actorOf(request),
          organisationId,
          importId,
          { ...(encoding ? { encoding } : {}), ...(delimiter ? { delimiter } : {}) },
          (source, fileName, choices, reading) => readPlanBuffer(source, fileName, choices, reading),
        );
      } catch (error) {
        if (!(error instanceof RuleError) && !(error instanceof PlanFileError)) throw error;
        const preview = await actionPlan.getPreview(organisationId, importId);
        return reply.render(
          'features/action-plan/views/import-preview.njk',
          {
            ...previewContext(preview, request.t),
            errors: [
              {
                text: error instanceof RuleError ? ruleMessage(error, request.t) : error.message,
                href: '#reading',
              },
            ],
          },
          400,
        );
      }
      return reply.redirect(`/plan/import/${importId}?reread=1`, 303);
    },
  );

  /**
   * The mapping step: the person says how each heading should be read; the file is read again
   * from its stored blocks and the choices are remembered for the organisation's next import.
   */
  app.post(
    '/plan/import/:importId/columns',
    { config: { access: membersWithRole(LEADS), resource: 'planImport' } },
    async (request, reply) => {
      const importId = idParam(request, 'importId');
      const organisationId = organisationIdOf(request);
      const body = (request.body ?? {}) as Record<string, string | string[] | undefined>;
      const list = (value: string | string[] | undefined) =>
        Array.isArray(value) ? value : value === undefined ? [] : [value];
      const headings = list(body.heading);
      const picked = list(body.choice);
      const chosen = new Map<string, ColumnChoice>();
      headings.forEach((heading, index) => {
        const choice = picked[index];
        if (isColumnChoice(choice)) chosen.set(normaliseHeading(heading), choice);
      });
      try {
        await actionPlan.chooseColumns(actorOf(request), organisationId, importId, chosen, rereadPlan);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        const preview = await actionPlan.getPreview(organisationId, importId);
        return reply.render(
          'features/action-plan/views/import-preview.njk',
          {
            ...previewContext(preview, request.t),
            errors: [{ text: ruleMessage(error, request.t), href: '#columns' }],
          },
          400,
        );
      }
      return reply.redirect(`/plan/import/${importId}?columns=1`, 303);
    },
  );

  app.post(
    '/plan/import/:importId/confirm',
    { config: { access: membersWithRole(LEADS), resource: 'planImport' } },
    async (request, reply) => {
      const importId = idParam(request, 'importId');
      const chosen = (request.body as Record<string, unknown> | undefined)?.mode;
      const mode = isImportMode(chosen) ? chosen : 'add';
      const result = await actionPlan.confirm(actorOf(request), organisationIdOf(request), importId, mode);
      if ('imported' in result)
        return reply.redirect(
          mode === 'add'
            ? `/plan?imported=${result.imported}`
            : `/plan?imported=${result.imported}&changed=${result.changed}&withdrawnCount=${result.withdrawn}`,
          303,
        );
      const preview = await actionPlan.getPreview(organisationIdOf(request), importId, mode);
      const errors = preview.committedAt
        ? [{ text: request.t('actionPlan.page.thisImportHasAlreadyBeen'), href: '#problems' }]
        : [
            {
              text: `Fix the ${result.problems.length} problems below in your file, then import it again`,
              href: '#problems',
            },
          ];
      return reply.render(
        'features/action-plan/views/import-preview.njk',
        {
          ...previewContext({ ...preview, plan: { ...preview.plan, problems: result.problems } }, request.t),
          errors,
        },
        400,
      );
    },
  );
}
