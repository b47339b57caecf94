import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { membersWithRole } from '../../platform/access.ts';
import { actorOf, organisationIdOf, viewerOf } from '../../platform/actor.ts';
import { dateFromInput, dateInputParts } from '../../platform/dates.ts';
import { formStrings, ruleProblem, submittedVersion } from '../../platform/forms.ts';
import { EditConflictError, RuleError } from '../../platform/http-errors.ts';
import { idParam } from '../../platform/ids.ts';
import { EDITORS, LEADS, STAFF, type Role } from '../../platform/roles.ts';
import { createFragmentStore } from '../../platform/rendered-fragments.ts';
import type { LinkedRecordsPanels } from '../../thread/thread.service.ts';
import { AIMS, LOCAL_EXTRAS, NATURES, OUTCOMES, SEVERITIES, aimsFor } from './eqia-template.ts';
import type { EqiaPublishingService } from './eqia-publishing.service.ts';
import { LINK_DAYS, type EqiaReviewersService } from './eqia-reviewers.service.ts';
import type { EqiaService } from './eqia.service.ts';
import { publicRegisterPath } from './eqia-public.routes.ts';
import { programmeReportDocx } from './programme-report-docx.ts';

export const eqiaNavigation = [
  { href: '/impact-assessments', textKey: 'nav.impactAssessments', roles: [...STAFF, 'assessor'] as Role[] },
];

const VIEWS = 'features/impact-assessments/views';
/** Staff, and critical friends from outside with an assessor's access (who see what is sent for review). */
const READERS: readonly Role[] = [...STAFF, 'assessor'];

const bodyOf = (request: FastifyRequest) => formStrings(request.body);

/**
 * Equality impact assessments: the register, starting one, its details, screening, impacts
 * (with the evidence prefilled), outcome, mitigations raised as actions, review by critical
 * friends and sign-off; the organisation's template; programmes and their cumulative impact.
 */
export function eqiaRoutes(
  app: FastifyInstance,
  {
    eqia,
    eqiaPublishing,
    eqiaReviewers,
    linkedRecords,
    now,
  }: {
    eqia: EqiaService;
    eqiaPublishing: Pick<EqiaPublishingService, 'status' | 'publish' | 'withdraw'>;
    eqiaReviewers: Pick<EqiaReviewersService, 'list' | 'invite' | 'revoke' | 'assessmentOfLink'>;
    linkedRecords: LinkedRecordsPanels;
    now: () => Date;
  },
): void {
  const readers = { access: membersWithRole(READERS) };
  const editors = { access: membersWithRole(EDITORS) };
  const leads = { access: membersWithRole(LEADS) };
  const roleOf = (request: FastifyRequest) => request.organisation!.role;
  const person = (request: FastifyRequest) => viewerOf(request);

  /** A refused rule back on its form, or the conflict page when someone saved first. */
  async function refused(
    request: FastifyRequest,
    reply: FastifyReply,
    error: unknown,
    again: (problem: ReturnType<typeof ruleProblem>) => Promise<unknown>,
  ) {
    if (error instanceof RuleError) return again(ruleProblem(error, request.t));
    if (!(error instanceof EditConflictError)) throw error;
    return reply.render(
      'platform/views/conflict.njk',
      {
        title: request.t('errors.conflict.title'),
        rows: [
          {
            label: request.t('eqia.conflict.what'),
            yours: request.t('eqia.conflict.yours'),
            theirs: request.t('eqia.conflict.theirs'),
          },
        ],
        editHref: request.url,
      },
      409,
    );
  }

  app.get('/impact-assessments', { config: readers }, async (request, reply) => {
    const organisationId = organisationIdOf(request);
    const [assessments, programmes] = await Promise.all([
      eqia.list(organisationId, person(request)),
      eqia.programmes(organisationId),
    ]);
    return reply.render(`${VIEWS}/register.njk`, {
      title: request.t('eqia.title'),
      assessments,
      programmes,
      canEdit: EDITORS.includes(roleOf(request)),
      canLead: LEADS.includes(roleOf(request)),
      values: {},
      ...(request.query as Record<string, unknown>),
    });
  });

  const detailsPage = async (
    request: FastifyRequest,
    extra: { title: string } & Record<string, unknown>,
  ) => ({
    ...(await eqia.choices(organisationIdOf(request))),
    ...extra,
  });

  app.get('/impact-assessments/new', { config: editors }, async (request, reply) =>
    reply.render(
      `${VIEWS}/details.njk`,
      await detailsPage(request, {
        title: request.t('eqia.new.title'),
        backLink: '/impact-assessments',
        action: '/impact-assessments',
        values: { programmeId: String((request.query as Record<string, unknown>).programme ?? '') },
      }),
    ),
  );

  app.post('/impact-assessments', { config: editors }, async (request, reply) => {
    const values = bodyOf(request);
    try {
      const id = await eqia.create(actorOf(request), organisationIdOf(request), values);
      return reply.redirect(`/impact-assessments/${id}/screening?started`, 303);
    } catch (error) {
      return refused(request, reply, error, async (problem) =>
        reply.render(
          `${VIEWS}/details.njk`,
          await detailsPage(request, {
            title: request.t('eqia.new.title'),
            backLink: '/impact-assessments',
            action: '/impact-assessments',
            values,
            ...problem,
          }),
          400,
        ),
      );
    }
  });

  const templatePage = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => {
    const template = await eqia.template(organisationIdOf(request));
    return {
      title: request.t('eqia.template.title'),
      backLink: '/impact-assessments',
      template,
      extras: LOCAL_EXTRAS,
      chosen: template.characteristics.filter((one) => !one.protected).map((one) => one.id),
      values: { threshold: String(template.threshold) },
      ...extra,
    };
  };

  app.get('/impact-assessments/template', { config: leads }, async (request, reply) =>
    reply.render(
      `${VIEWS}/template.njk`,
      await templatePage(request, { saved: 'saved' in (request.query as object) }),
    ),
  );

  app.post('/impact-assessments/template', { config: leads }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const extras = ([] as unknown[]).concat(body.extras ?? []).map(String);
    try {
      await eqia.saveTemplate(actorOf(request), organisationIdOf(request), {
        extras,
        threshold: String(body.threshold ?? ''),
      });
      return reply.redirect('/impact-assessments/template?saved', 303);
    } catch (error) {
      return refused(request, reply, error, async (problem) =>
        reply.render(
          `${VIEWS}/template.njk`,
          await templatePage(request, {
            chosen: extras,
            values: { threshold: String(body.threshold ?? '') },
            ...problem,
          }),
          400,
        ),
      );
    }
  });

  app.post('/impact-assessments/programmes', { config: leads }, async (request, reply) => {
    const values = bodyOf(request);
    try {
      const id = await eqia.createProgramme(actorOf(request), organisationIdOf(request), {
        title: values.title ?? '',
        description: values.description ?? '',
      });
      return reply.redirect(`/impact-assessments/programmes/${id}`, 303);
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      const organisationId = organisationIdOf(request);
      return reply.render(
        `${VIEWS}/register.njk`,
        {
          title: request.t('eqia.title'),
          assessments: await eqia.list(organisationId, person(request)),
          programmes: await eqia.programmes(organisationId),
          canEdit: true,
          canLead: true,
          values,
          ...ruleProblem(error, request.t),
        },
        400,
      );
    }
  });

  // A budget round's matrix can hold hundreds of proposals: kept rendered until one of them, or
  // the template, changes (eqia.programmeWithFreshness), per language.
  const renderedMatrices = createFragmentStore({ maxEntries: 100, maxBytes: 16 * 1024 * 1024 });

  app.get(
    '/impact-assessments/programmes/:programmeId',
    { config: { access: membersWithRole(STAFF), resource: 'eqiaProgramme' } },
    async (request, reply) => {
      const organisationId = organisationIdOf(request);
      const programmeId = idParam(request, 'programmeId');
      const { programme, freshness } = await eqia.programmeWithFreshness(organisationId, programmeId);
      const key = `${organisationId}|${programmeId}|${freshness}|${request.locale}`;
      const matrixHtml =
        renderedMatrices.find(key) ??
        renderedMatrices.keep(key, await renderMatrix(request, reply, organisationId, programmeId));
      return reply.render(`${VIEWS}/programme.njk`, {
        title: programme.title,
        backLink: '/impact-assessments',
        programme,
        matrixHtml,
        canEdit: EDITORS.includes(roleOf(request)),
      });
    },
  );

  async function renderMatrix(
    request: FastifyRequest,
    reply: FastifyReply,
    organisationId: string,
    programmeId: string,
  ): Promise<string> {
    const found = await eqia.programme(organisationId, programmeId);
    // Each cell's words, worded once per kind of cell rather than once per cell.
    const words = new Map<string, string>();
    const wordsFor = (nature: string | null, severity: string | null) => {
      const key = `${nature}:${severity}`;
      if (!words.has(key))
        words.set(
          key,
          nature
            ? `${request.t(`eqia.matrixCell.${nature}`)}${severity ? ` (${request.t(`eqia.severity.${severity}`)})` : ''}`
            : '–',
        );
      return words.get(key)!;
    };
    const rows = found.matrix.rows.map((row) => ({
      ...row,
      cells: row.cells.map((cell) => ({
        adverse: cell.nature === 'negative',
        text: wordsFor(cell.nature, cell.severity),
      })),
    }));
    return reply.renderFragment(`${VIEWS}/_matrix.njk`, {
      matrix: found.matrix,
      rows,
      columnNames: found.matrix.characteristics.map((id) => request.t(`eqia.characteristic.${id}`)),
    });
  }

  app.get(
    '/impact-assessments/programmes/:programmeId/report.docx',
    { config: { access: membersWithRole(STAFF), resource: 'eqiaProgramme' } },
    async (request, reply) => {
      const report = await eqia.programmeReport(organisationIdOf(request), idParam(request, 'programmeId'));
      const document = await programmeReportDocx(
        request.organisation!.name,
        report,
        now(),
        request.t,
        request.locale,
      );
      return reply
        .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', 'attachment; filename="cumulative-impact.docx"')
        .send(document);
    },
  );

  const assessmentPage = async (
    request: FastifyRequest,
    extra: Record<string, unknown> = {},
    id = idParam(request, 'assessmentId'),
  ) => {
    const organisationId = organisationIdOf(request);
    const found = await eqia.page(organisationId, id, person(request));
    const query = request.query as Record<string, unknown>;
    const staff = STAFF.includes(roleOf(request));
    // Outside critical friends (assessors) see the review, not the public's comments or the links.
    const [publication, reviewers] = staff
      ? await Promise.all([eqiaPublishing.status(organisationId, id), eqiaReviewers.list(organisationId, id)])
      : [null, []];
    return {
      title: found.assessment.title,
      backLink: '/impact-assessments',
      ...found,
      canEdit: EDITORS.includes(roleOf(request)) && found.assessment.status !== 'approved',
      canApprove: LEADS.includes(roleOf(request)),
      canComment: found.assessment.status === 'in_review',
      mitigationValues: { text: '', target: dateInputParts(null) },
      reviewerValues: { reviewerName: '', reviewerGroup: '' },
      publication,
      publicHref: publication?.live
        ? `${publicRegisterPath(request.organisation!.slug)}/${publication.live.id}`
        : null,
      reviewers,
      canInvite: EDITORS.includes(roleOf(request)) && found.assessment.status !== 'approved',
      canPublish: LEADS.includes(roleOf(request)) && found.assessment.status === 'approved',
      notice:
        [
          'submitted',
          'approved',
          'commented',
          'answered',
          'mitigated',
          'saved',
          'published',
          'withdrawn',
          'revoked',
        ].find((key) => key in query) ?? null,
      panel: await linkedRecords.panel(organisationId, viewerOf(request), [
        { type: 'impact-assessment', id },
      ]),
      ...extra,
    };
  };

  app.get(
    '/impact-assessments/:assessmentId',
    { config: { ...readers, resource: 'impactAssessment' } },
    async (request, reply) => reply.render(`${VIEWS}/assessment.njk`, await assessmentPage(request)),
  );

  /** The three section forms and the details form share one shape: show, then save. */
  const sections = {
    details: {
      load: async (request: FastifyRequest, found: Awaited<ReturnType<EqiaService['page']>>) => ({
        ...(await eqia.choices(organisationIdOf(request))),
        values: {
          ...found.assessment,
          areaCode: found.assessment.areaCode ?? '',
          monitoredServiceId: found.assessment.monitoredServiceId ?? '',
          programmeId: found.assessment.programmeId ?? '',
        },
      }),
      save: (request: FastifyRequest, id: string, version: number, body: Record<string, string>) =>
        eqia.saveDetails(actorOf(request), organisationIdOf(request), id, version, body),
    },
    screening: {
      load: async (_request: FastifyRequest, found: Awaited<ReturnType<EqiaService['page']>>) => ({
        values: {
          ...Object.fromEntries(
            Object.entries(found.assessment.screening).map(([key, yes]) => [
              `screening-${key}`,
              yes ? 'yes' : 'no',
            ]),
          ),
          screeningReason: found.assessment.screeningReason,
        },
      }),
      save: (request: FastifyRequest, id: string, version: number, body: Record<string, string>) =>
        eqia.saveScreening(actorOf(request), organisationIdOf(request), id, version, {
          answers: Object.fromEntries(
            Object.entries(body)
              .filter(([key]) => key.startsWith('screening-'))
              .map(([key, value]) => [key.slice('screening-'.length), value]),
          ),
          reason: body.screeningReason ?? '',
        }),
    },
    impacts: {
      load: async (_request: FastifyRequest, found: Awaited<ReturnType<EqiaService['page']>>) => {
        const values: Record<string, string> = { consultation: found.assessment.consultation };
        for (const [id, impact] of Object.entries(found.assessment.impacts)) {
          values[`nature-${id}`] = impact.nature;
          values[`severity-${id}`] = impact.severity ?? '';
          values[`evidence-${id}`] = impact.evidence;
        }
        for (const aim of AIMS) values[`aim-${aim}`] = found.assessment.aims[aim] ?? '';
        return { values };
      },
      save: (request: FastifyRequest, id: string, version: number, body: Record<string, string>) =>
        eqia.saveImpacts(actorOf(request), organisationIdOf(request), id, version, body),
    },
    outcome: {
      load: async (_request: FastifyRequest, found: Awaited<ReturnType<EqiaService['page']>>) => ({
        values: {
          outcome: found.assessment.outcome ?? '',
          outcomeReason: found.assessment.outcomeReason,
          reviewOn: dateInputParts(found.assessment.reviewOn),
        },
      }),
      save: async (request: FastifyRequest, id: string, version: number, body: Record<string, string>) => {
        const reviewOn = dateFromInput(body, 'reviewOn');
        if (reviewOn.invalid) throw new RuleError('reviewOn', 'eqia.errors.realDate');
        return eqia.saveOutcome(actorOf(request), organisationIdOf(request), id, version, {
          outcome: body.outcome ?? '',
          reason: body.outcomeReason ?? '',
          reviewOn: reviewOn.iso,
        });
      },
    },
  } as const;

  for (const [name, section] of Object.entries(sections)) {
    const page = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => {
      const found = await eqia.page(
        organisationIdOf(request),
        idParam(request, 'assessmentId'),
        person(request),
      );
      return {
        title: request.t(`eqia.${name}.title`),
        backLink: `/impact-assessments/${found.assessment.id}`,
        action: `/impact-assessments/${found.assessment.id}/${name}`,
        ...found,
        natures: NATURES,
        severities: SEVERITIES,
        outcomes: OUTCOMES,
        aimsFor,
        started: 'started' in (request.query as object),
        ...(await section.load(request, found)),
        ...extra,
      };
    };
    app.get(
      `/impact-assessments/:assessmentId/${name}`,
      { config: { ...editors, resource: 'impactAssessment' } },
      async (request, reply) => reply.render(`${VIEWS}/${name}.njk`, await page(request)),
    );
    app.post(
      `/impact-assessments/:assessmentId/${name}`,
      { config: { ...editors, resource: 'impactAssessment' } },
      async (request, reply) => {
        const id = idParam(request, 'assessmentId');
        const body = bodyOf(request);
        try {
          await section.save(request, id, submittedVersion(request.body), body);
          return reply.redirect(`/impact-assessments/${id}?saved`, 303);
        } catch (error) {
          const values =
            name === 'outcome' ? { ...body, reviewOn: dateFromInput(body, 'reviewOn').parts } : body;
          return refused(request, reply, error, async (problem) =>
            reply.render(`${VIEWS}/${name}.njk`, await page(request, { values, ...problem }), 400),
          );
        }
      },
    );
  }

  const onAssessment = (
    path: string,
    access: typeof readers,
    run: (
      request: FastifyRequest,
      id: string,
      body: Record<string, string>,
      reply: FastifyReply,
    ) => Promise<string | FastifyReply>,
  ) =>
    app.post(
      `/impact-assessments/:assessmentId/${path}`,
      { config: { ...access, resource: 'impactAssessment' } },
      async (request, reply) => {
        const id = idParam(request, 'assessmentId');
        const body = bodyOf(request);
        try {
          const done = await run(request, id, body, reply);
          // A step that answers with a page of its own (the invitation link) has replied already.
          if (typeof done !== 'string') return done;
          return reply.redirect(`/impact-assessments/${id}?${done}`, 303);
        } catch (error) {
          return refused(request, reply, error, async (problem) => {
            // The mitigation and invitation forms keep what was typed.
            const extra =
              path === 'mitigations'
                ? {
                    mitigationValues: {
                      text: body.mitigationText ?? '',
                      target: dateFromInput(body, 'target').parts,
                    },
                  }
                : path === 'reviewers'
                  ? {
                      reviewerValues: {
                        reviewerName: body.reviewerName ?? '',
                        reviewerGroup: body.reviewerGroup ?? '',
                      },
                    }
                  : {};
            return reply.render(
              `${VIEWS}/assessment.njk`,
              await assessmentPage(request, { ...extra, ...problem }),
              400,
            );
          });
        }
      },
    );

  onAssessment('mitigations', editors, async (request, id, body) => {
    const target = dateFromInput(body, 'target');
    if (target.invalid) throw new RuleError('target', 'eqia.errors.realDate');
    const action = await eqia.addMitigation(actorOf(request), organisationIdOf(request), id, {
      text: body.mitigationText ?? '',
      targetEnd: target.iso,
    });
    return `mitigated=${encodeURIComponent(action.reference)}`;
  });
  onAssessment('submit', editors, async (request, id) => {
    await eqia.submitForReview(
      actorOf(request),
      organisationIdOf(request),
      id,
      submittedVersion(request.body),
    );
    return 'submitted';
  });
  onAssessment('comments', readers, async (request, id, body) => {
    await eqia.addComment(
      actorOf(request),
      person(request),
      organisationIdOf(request),
      id,
      body.comment ?? '',
    );
    return 'commented';
  });
  onAssessment('approve', leads, async (request, id) => {
    await eqia.approve(
      actorOf(request),
      person(request),
      organisationIdOf(request),
      id,
      submittedVersion(request.body),
    );
    return 'approved';
  });

  onAssessment('publish', leads, async (request, id) => {
    await eqiaPublishing.publish(actorOf(request), organisationIdOf(request), id);
    return 'published';
  });
  onAssessment('withdraw', leads, async (request, id) => {
    await eqiaPublishing.withdraw(actorOf(request), organisationIdOf(request), id);
    return 'withdrawn';
  });
  onAssessment('reviewers', editors, async (request, id, body, reply) => {
    const link = await eqiaReviewers.invite(actorOf(request), organisationIdOf(request), id, {
      name: body.reviewerName ?? '',
      group: body.reviewerGroup ?? '',
    });
    // The link is shown this once: only its hash is kept.
    return reply.render(`${VIEWS}/reviewer-link.njk`, {
      title: request.t('eqia.reviewers.linkTitle', { name: link.name }),
      backLink: `/impact-assessments/${id}#reviewers`,
      link,
      linkDays: LINK_DAYS,
      assessmentHref: `/impact-assessments/${id}#reviewers`,
    });
  });

  app.post(
    '/impact-assessments/reviewers/:linkId/revoke',
    { config: { ...editors, resource: 'reviewerLink' } },
    async (request, reply) => {
      const organisationId = organisationIdOf(request);
      const linkId = idParam(request, 'linkId');
      const assessmentId = await eqiaReviewers.assessmentOfLink(organisationId, linkId);
      try {
        await eqiaReviewers.revoke(actorOf(request), organisationId, linkId);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        return reply.render(
          `${VIEWS}/assessment.njk`,
          await assessmentPage(request, ruleProblem(error, request.t), assessmentId),
          400,
        );
      }
      return reply.redirect(`/impact-assessments/${assessmentId}?revoked#reviewers`, 303);
    },
  );

  app.post(
    '/impact-assessments/comments/:commentId/response',
    { config: { ...editors, resource: 'eqiaComment' } },
    async (request, reply) => {
      const commentId = idParam(request, 'commentId');
      const organisationId = organisationIdOf(request);
      const assessmentId = await eqia.assessmentOfComment(organisationId, commentId);
      const body = bodyOf(request);
      try {
        await eqia.respond(actorOf(request), organisationId, commentId, body[`response-${commentId}`] ?? '');
        return reply.redirect(`/impact-assessments/${assessmentId}?answered`, 303);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        return reply.render(
          `${VIEWS}/assessment.njk`,
          await assessmentPage(request, ruleProblem(error, request.t), assessmentId),
          400,
        );
      }
    },
  );
}
